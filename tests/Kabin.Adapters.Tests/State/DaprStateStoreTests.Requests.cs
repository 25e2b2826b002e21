using Dapr.Client.Autogen.Grpc.v1;
using static Dapr.Client.Autogen.Grpc.v1.StateOptions.Types;

namespace Kabin.Adapters.Tests.State;

public sealed partial class DaprStateStoreTests
{
    [Fact]
    public async Task Read_asks_the_configured_store_for_the_key()
    {
        await Store.GetAsync("tenants/acme", Token);

        var call = Assert.Single(Sidecar.Calls);
        var request = Assert.IsType<GetStateRequest>(call.Request);
        Assert.Equal("GetState", call.Method);
        Assert.Equal(StoreName, request.StoreName);
        Assert.Equal("tenants/acme", request.Key);
    }

    [Fact]
    public async Task Conditional_write_sends_the_etag_with_first_write_concurrency()
    {
        await Store.SaveAsync("k", Utf8("old"), Token);
        var etag = (await Store.GetAsync("k", Token))!.ETag;
        Sidecar.ClearCalls();

        await Store.TrySaveAsync("k", Utf8("new"), etag, Token);

        var call = Assert.Single(Sidecar.Calls);
        var request = Assert.IsType<SaveStateRequest>(call.Request);
        var item = Assert.Single(request.States);
        Assert.Equal(StoreName, request.StoreName);
        Assert.Equal("k", item.Key);
        Assert.Equal(etag, item.Etag.Value);
        Assert.Equal(StateConcurrency.ConcurrencyFirstWrite, item.Options.Concurrency);
        Assert.Equal("new"u8.ToArray(), item.Value.ToByteArray());
    }

    [Fact]
    public async Task Unconditional_write_sends_last_write_without_an_etag()
    {
        await Store.SaveAsync("k", Utf8("v"), Token);

        var request = Assert.IsType<SaveStateRequest>(Assert.Single(Sidecar.Calls).Request);
        var item = Assert.Single(request.States);
        Assert.True(item.Etag is null || item.Etag.Value.Length == 0);
        Assert.Equal(StateConcurrency.ConcurrencyLastWrite, item.Options.Concurrency);
    }

    [Fact]
    public async Task Conditional_delete_writes_a_tombstone_with_the_etag_first_write_and_a_time_to_live()
    {
        await Store.SaveAsync("k", Utf8("v"), Token);
        var etag = (await Store.GetAsync("k", Token))!.ETag;
        Sidecar.ClearCalls();

        await Store.TryDeleteAsync("k", etag, Token);

        var request = Assert.IsType<SaveStateRequest>(Assert.Single(Sidecar.Calls).Request);
        var item = Assert.Single(request.States);
        Assert.Equal(StoreName, request.StoreName);
        Assert.Equal("k", item.Key);
        Assert.Equal(etag, item.Etag.Value);
        Assert.Equal(StateConcurrency.ConcurrencyFirstWrite, item.Options.Concurrency);
        Assert.Equal("86400", item.Metadata["ttlInSeconds"]);
    }

    [Fact]
    public async Task Every_other_write_lifts_an_expiry_so_a_key_written_over_a_tombstone_stays()
    {
        await Store.SaveAsync("k", Utf8("v"), Token);

        var item = Assert.Single(Assert.IsType<SaveStateRequest>(Assert.Single(Sidecar.Calls).Request).States);
        Assert.Equal("-1", item.Metadata["ttlInSeconds"]);
    }

    [Fact]
    public async Task With_tombstones_off_deletes_remove_the_key_and_writes_send_no_time_to_live()
    {
        var store = StoreWith(StoreName, TimeSpan.FromSeconds(30), tombstoneSeconds: 0);
        await store.SaveAsync("k", Utf8("v"), Token);
        var etag = (await store.GetAsync("k", Token))!.ETag;
        await store.TryDeleteAsync("k", etag, Token);

        Assert.Equal(["SaveState", "GetState", "DeleteState"], Sidecar.Calls.Select(call => call.Method));
        Assert.Empty(Assert.Single(Assert.IsType<SaveStateRequest>(Sidecar.Calls[0].Request).States).Metadata);
        Assert.Equal(etag, Assert.IsType<DeleteStateRequest>(Sidecar.Calls[2].Request).Etag.Value);
    }

    [Fact]
    public async Task Empty_etag_is_refused_without_reaching_the_sidecar()
    {
        var saved = await Store.TrySaveAsync("k", Utf8("v"), string.Empty, Token);
        var deleted = await Store.TryDeleteAsync("k", string.Empty, Token);

        Assert.False(saved);
        Assert.False(deleted);
        Assert.Empty(Sidecar.Calls);
    }

    [Fact]
    public async Task A_full_cycle_uses_only_the_state_methods_of_the_sidecar()
    {
        await Store.SaveAsync("k", Utf8("v"), Token);
        var etag = (await Store.GetAsync("k", Token))!.ETag;
        await Store.TrySaveAsync("k", Utf8("w"), etag, Token);
        await Store.TryDeleteAsync("k", "stale", Token);
        await Store.DeleteAsync("k", Token);

        // Deletes are tombstone writes (DeleteTombstoneSeconds).
        Assert.Equal(
            ["SaveState", "GetState", "SaveState", "SaveState", "SaveState"],
            Sidecar.Calls.Select(call => call.Method));
    }
}
