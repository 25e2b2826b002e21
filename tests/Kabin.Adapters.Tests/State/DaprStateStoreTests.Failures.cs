using Grpc.Core;
using Kabin.TestDoubles.Dapr;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Kabin.Adapters.Tests.State;

public sealed partial class DaprStateStoreTests
{
    [Fact]
    public async Task Unavailable_sidecar_is_a_transient_failure_and_the_next_call_succeeds()
    {
        Sidecar.Faults.FailNext(1);

        await Assert.ThrowsAsync<TransientFailureException>(() => Store.GetAsync("k", Token));
        Assert.Null(await Store.GetAsync("k", Token));
    }

    [Theory]
    [InlineData(StatusCode.Internal)]
    [InlineData(StatusCode.ResourceExhausted)]
    [InlineData(StatusCode.DeadlineExceeded)]
    public async Task Store_errors_on_write_are_transient_failures(StatusCode code)
    {
        Sidecar.Faults.FailNext(1, code, "failed saving state in state store kabin-state: redis: connection pool timeout");

        var error = await Assert.ThrowsAsync<TransientFailureException>(() => Store.SaveAsync("k", Utf8("v"), Token));

        Assert.Contains("kabin-state", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Etag_mismatch_reported_under_another_status_is_a_failed_conditional_write()
    {
        await Store.SaveAsync("k", Utf8("v"), Token);
        var etag = (await Store.GetAsync("k", Token))!.ETag;
        Sidecar.Faults.FailNext(1, StatusCode.Internal, "failed saving state in state store kabin-state: possible etag mismatch. error from state store: ERR Error running script");

        var saved = await Store.TrySaveAsync("k", Utf8("w"), etag, Token);

        Assert.False(saved);
        Assert.Equal("v"u8.ToArray(), (await Store.GetAsync("k", Token))!.Value.ToArray());
    }

    [Fact]
    public async Task Transient_failure_of_a_conditional_write_is_not_reported_as_a_lost_race()
    {
        await Store.SaveAsync("k", Utf8("v"), Token);
        var etag = (await Store.GetAsync("k", Token))!.ETag;
        Sidecar.Faults.FailNext(1);

        await Assert.ThrowsAsync<TransientFailureException>(() => Store.TrySaveAsync("k", Utf8("w"), etag, Token));
    }

    [Fact]
    public async Task A_bulk_read_is_one_call_and_a_key_the_store_failed_to_read_fails_it_instead_of_reading_as_absent()
    {
        await Store.SaveAsync("a", Utf8("1"), Token);
        await Store.SaveAsync("b", Utf8("2"), Token);
        Sidecar.ClearCalls();

        var read = await Store.GetManyAsync(["a", "b", "c"], Token);
        var calls = Sidecar.Calls.Select(call => call.Method).ToArray();
        Sidecar.Faults.BulkItemError = ("b", "redis: i/o timeout");
        var error = await Assert.ThrowsAsync<TransientFailureException>(() => Store.GetManyAsync(["a", "b"], Token));
        Sidecar.Faults.BulkItemError = null;

        Assert.Equal(["a", "b"], read.Select(entry => entry.Key));
        Assert.Equal(["GetBulkState"], calls);
        Assert.Contains("'b'", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, (await Store.GetManyAsync(["a", "b"], Token)).Count);
    }

    [Fact]
    public async Task Slow_sidecar_beyond_the_timeout_is_a_transient_failure()
    {
        var impatient = StoreWith(StoreName, TimeSpan.FromMilliseconds(200));
        Sidecar.Faults.Delay = TimeSpan.FromSeconds(10);

        var error = await Assert.ThrowsAsync<TransientFailureException>(() => impatient.GetAsync("k", Token));

        Assert.Contains("took longer than", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreachable_sidecar_is_a_transient_failure()
    {
        await using var gone = await DaprSidecarDouble.StartAsync(StoreName);
        var endpoint = gone.GrpcEndpoint.ToString();
        await gone.DisposeAsync();
        await using var services = BuildServices(new Dictionary<string, string?>
        {
            ["Kabin:State:Dapr:StoreName"] = StoreName,
            ["Kabin:State:Dapr:GrpcEndpoint"] = endpoint,
        });

        var store = services.GetRequiredService<Kabin.State.IStateStore>();

        await Assert.ThrowsAsync<TransientFailureException>(() => store.SaveAsync("k", Utf8("v"), Token));
    }

    [Fact]
    public async Task Unknown_store_name_says_how_to_fix_the_configuration()
    {
        var misnamed = StoreWith("no-such-store", TimeSpan.FromSeconds(30));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => misnamed.GetAsync("k", Token));

        Assert.Contains("state store no-such-store is not found", error.Message, StringComparison.Ordinal);
        Assert.Contains("Kabin:State:Dapr:StoreName", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Caller_cancellation_is_not_reported_as_a_store_failure()
    {
        Sidecar.Faults.Delay = TimeSpan.FromSeconds(10);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.GetAsync("k", cancel.Token));
    }

    [Fact]
    public void Empty_store_name_fails_validation_at_start()
    {
        using var services = BuildServices(new Dictionary<string, string?> { ["Kabin:State:Dapr:StoreName"] = " " });

        var error = Assert.Throws<OptionsValidationException>(
            () => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("StoreName", error.Message, StringComparison.Ordinal);
    }
}
