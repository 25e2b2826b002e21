using System.Text;

namespace Kabin.Adapters.Tests.State;

public abstract partial class StateStoreContractTests
{
    [Fact]
    public async Task An_etag_from_before_a_key_was_deleted_and_written_again_matches_nothing()
    {
        await Store.SaveAsync("tenant/acme", Utf8("first incarnation"), Token);
        var stale = (await Store.GetAsync("tenant/acme", Token))!.ETag;
        await Store.DeleteAsync("tenant/acme", Token);
        await Store.SaveAsync("tenant/acme", Utf8("second incarnation"), Token);

        Assert.NotEqual(stale, (await Store.GetAsync("tenant/acme", Token))!.ETag);
        Assert.False(await Store.TrySaveAsync("tenant/acme", Utf8("stale writer"), stale, Token));
        Assert.False(await Store.TryDeleteAsync("tenant/acme", stale, Token));
        Assert.Equal("second incarnation", Encoding.UTF8.GetString((await Store.GetAsync("tenant/acme", Token))!.Value.Span));
    }

    [Fact]
    public async Task No_etag_is_given_twice_over_many_writes_deletes_and_recreations_of_a_few_keys()
    {
        // ETags are per key: two keys may share one, but no key sees the same one twice.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var round = 0; round < 20; round++)
        {
            foreach (var key in new[] { "a", "b" })
            {
                await Store.SaveAsync(key, Utf8($"{key}{round}"), Token);
                Assert.True(seen.Add($"{key} {(await Store.GetAsync(key, Token))!.ETag}"), $"{key} round {round} reused an ETag");
                var current = (await Store.GetAsync(key, Token))!.ETag;
                Assert.True(await Store.TrySaveAsync(key, Utf8($"{key}{round}'"), current, Token));
                Assert.True(seen.Add($"{key} {(await Store.GetAsync(key, Token))!.ETag}"), $"{key} round {round} reused an ETag on a conditional write");
                if (round % 2 == 0)
                {
                    await Store.DeleteAsync(key, Token);
                }
            }
        }
    }
}
