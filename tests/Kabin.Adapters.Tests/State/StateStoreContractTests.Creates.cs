using System.Text;

namespace Kabin.Adapters.Tests.State;

public abstract partial class StateStoreContractTests
{
    [Fact]
    public async Task Create_writes_an_absent_key_that_reads_back_with_an_etag_a_conditional_write_accepts()
    {
        Assert.True(await Store.TryCreateAsync("tenants", Utf8("[\"acme\"]"), Token));

        var created = await Store.GetAsync("tenants", Token);
        Assert.Equal("[\"acme\"]", Encoding.UTF8.GetString(created!.Value.Span));
        Assert.True(await Store.TrySaveAsync("tenants", Utf8("[\"acme\",\"beta\"]"), created.ETag, Token));
    }

    [Fact]
    public async Task Create_of_a_key_that_exists_fails_and_keeps_the_value_and_its_etag()
    {
        Assert.True(await Store.TryCreateAsync("tenants", Utf8("first"), Token));
        await Store.SaveAsync("tenants", Utf8("written over"), Token);
        var before = (await Store.GetAsync("tenants", Token))!.ETag;

        Assert.False(await Store.TryCreateAsync("tenants", Utf8("second"), Token));

        var after = await Store.GetAsync("tenants", Token);
        Assert.Equal("written over", Encoding.UTF8.GetString(after!.Value.Span));
        Assert.Equal(before, after.ETag);
    }

    [Fact]
    public async Task Of_sixteen_concurrent_creates_of_one_key_exactly_one_wins_and_its_value_stays()
    {
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 16).Select(async i =>
        {
            await Task.Yield();
            return (Writer: i, Won: await Store.TryCreateAsync("tenants", Utf8($"writer {i}"), Token));
        }));

        var winner = Assert.Single(outcomes, outcome => outcome.Won);
        Assert.Equal($"writer {winner.Writer}", Encoding.UTF8.GetString((await Store.GetAsync("tenants", Token))!.Value.Span));
    }

    [Fact]
    public async Task Create_after_a_delete_succeeds_with_an_etag_the_old_incarnation_never_had()
    {
        Assert.True(await Store.TryCreateAsync("tenants", Utf8("first incarnation"), Token));
        var stale = (await Store.GetAsync("tenants", Token))!.ETag;
        await Store.DeleteAsync("tenants", Token);

        Assert.True(await Store.TryCreateAsync("tenants", Utf8("second incarnation"), Token));

        Assert.NotEqual(stale, (await Store.GetAsync("tenants", Token))!.ETag);
        Assert.False(await Store.TrySaveAsync("tenants", Utf8("stale writer"), stale, Token));
    }
}
