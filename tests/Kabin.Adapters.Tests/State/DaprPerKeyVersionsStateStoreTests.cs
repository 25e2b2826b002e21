using System.Text;
using Dapr.Client;
using Kabin.Adapters.Dapr;
using Kabin.State;
using Kabin.TestDoubles.Dapr;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Kabin.Adapters.Tests.State;

/// <summary>
/// The contract against a sidecar whose store counts versions per key, as Dapr's Redis store does
/// (a deleted key starts again at 1): with deletes written as tombstones, no ETag repeats across
/// incarnations either. Without them it would, which the last tests show.
/// </summary>
public sealed class DaprPerKeyVersionsStateStoreTests : StateStoreContractTests
{
    private const string StoreName = "redis-like";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));
    private DaprSidecarStore? _dapr;

    protected override async Task<IStateStore> CreateStoreAsync()
    {
        _dapr = await DaprSidecarStore.StartAsync(StoreName, DaprVersions.PerKey, _clock);
        return _dapr.Store;
    }

    protected override async Task DisposeStoreAsync()
    {
        if (_dapr is not null)
        {
            await _dapr.DisposeAsync();
        }
    }

    [Fact]
    public async Task Without_tombstones_this_store_gives_a_re_created_key_an_etag_a_stale_writer_holds()
    {
        var store = Unprotected();
        await store.SaveAsync("sandboxes/acme", Utf8("first incarnation"), Token);
        var stale = (await store.GetAsync("sandboxes/acme", Token))!.ETag;
        await store.DeleteAsync("sandboxes/acme", Token);
        await store.SaveAsync("sandboxes/acme", Utf8("second incarnation"), Token);

        Assert.Equal(stale, (await store.GetAsync("sandboxes/acme", Token))!.ETag);
        Assert.True(await store.TrySaveAsync("sandboxes/acme", Utf8("stale writer"), stale, Token));
    }

    [Fact]
    public async Task A_tombstone_reads_as_absent_keeps_the_count_going_and_expires_after_its_time_to_live()
    {
        await Store.SaveAsync("sandbox/acme/box", Utf8("v"), Token);
        await Store.DeleteAsync("sandbox/acme/box", Token);
        Assert.Null(await Store.GetAsync("sandbox/acme/box", Token));
        Assert.True(await Store.TryCreateAsync("sandbox/acme/box", Utf8("again"), Token));
        Assert.Equal("3", (await Store.GetAsync("sandbox/acme/box", Token))!.ETag);
        await Store.DeleteAsync("sandbox/acme/box", Token);

        _clock.Advance(TimeSpan.FromSeconds(86400));

        // Gone for good: counting starts again, a day after any writer could have read the key.
        Assert.True(await Store.TryCreateAsync("sandbox/acme/box", Utf8("new"), Token));
        Assert.Equal("1", (await Store.GetAsync("sandbox/acme/box", Token))!.ETag);
    }

    [Fact]
    public async Task A_key_written_over_a_tombstone_does_not_expire_with_it()
    {
        await Store.SaveAsync("tenant/acme", Utf8("v"), Token);
        await Store.DeleteAsync("tenant/acme", Token);
        Assert.True(await Store.TryCreateAsync("tenant/acme", Utf8("again"), Token));

        _clock.Advance(TimeSpan.FromDays(2));

        Assert.Equal("again", Encoding.UTF8.GetString((await Store.GetAsync("tenant/acme", Token))!.Value.Span));
    }

    /// <summary>The adapter on the same sidecar with deletes that remove the key (DeleteTombstoneSeconds 0).</summary>
    private DaprStateStore Unprotected() =>
        new(_dapr!.Services.GetRequiredService<DaprClient>(), Options.Create(new DaprStateStoreOptions
        {
            StoreName = StoreName,
            Timeout = TimeSpan.FromSeconds(30),
            DeleteTombstoneSeconds = 0,
        }));
}
