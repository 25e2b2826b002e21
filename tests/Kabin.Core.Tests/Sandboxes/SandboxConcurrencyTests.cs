using Kabin.Sandboxes;
using Kabin.State;

namespace Kabin.Core.Tests.Sandboxes;

public sealed class SandboxConcurrencyTests : IDisposable
{
    private readonly InterleavingStateStore _store;
    private readonly SandboxFixture _fixture;

    public SandboxConcurrencyTests()
    {
        InterleavingStateStore? store = null;
        _fixture = new SandboxFixture(wrapStore: inner => store = new InterleavingStateStore(new YieldingStateStore(inner)));
        _store = store!;
    }

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Write_that_loses_the_ETag_race_is_retried_on_the_new_state_and_no_transition_is_lost()
    {
        await _fixture.AddTenantAsync(SandboxFixture.Tenant("acme"));
        await _fixture.SandboxAsync("acme", "box", SandboxState.Creating);
        _store.Key = SandboxStateKeys.Record("acme", "box");
        // While the Running event is between its read and its write, the Pending event lands.
        _store.Interleave = () => _fixture.SendAsync(SandboxFixture.PodEvent(SandboxEventTypes.PodUpdated, "acme", "box", "Pending", 10));

        var running = await _fixture.SendAsync(SandboxFixture.PodEvent(SandboxEventTypes.PodUpdated, "acme", "box", "Running", 11));

        Assert.Equal(SandboxEventTypes.Running, running.Reply!.Type);
        Assert.Equal(1, _store.LostRaces);
        var record = await _fixture.RecordAsync("acme", "box");
        Assert.Equal([SandboxState.Creating, SandboxState.Pending, SandboxState.Running], record!.History.Select(entry => entry.State));
        Assert.Equal(11, record.PodResourceVersion);
    }

    [Fact]
    public async Task Write_that_loses_to_a_later_event_gives_way_to_it()
    {
        await _fixture.AddTenantAsync(SandboxFixture.Tenant("acme"));
        await _fixture.SandboxAsync("acme", "box", SandboxState.Creating);
        _store.Key = SandboxStateKeys.Record("acme", "box");
        _store.Interleave = () => _fixture.SendAsync(
            SandboxFixture.PodEvent(SandboxEventTypes.PodUpdated, "acme", "box", "Succeeded", 12, 0, "Completed"));

        var running = await _fixture.SendAsync(SandboxFixture.PodEvent(SandboxEventTypes.PodUpdated, "acme", "box", "Running", 11));

        Assert.Null(running.Reply);
        var record = await _fixture.RecordAsync("acme", "box");
        Assert.Equal(SandboxState.Succeeded, record!.State);
        Assert.Equal([SandboxState.Creating, SandboxState.Succeeded], record.History.Select(entry => entry.State));
    }

    [Fact]
    public async Task Many_concurrent_deliveries_of_one_pod_event_apply_it_once_and_all_answer_the_same_event()
    {
        await _fixture.AddTenantAsync(SandboxFixture.Tenant("acme"));
        await _fixture.SandboxAsync("acme", "box", SandboxState.Pending);
        var running = SandboxFixture.PodEvent(SandboxEventTypes.PodUpdated, "acme", "box", "Running", 20);

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(() => _fixture.SendAsync(running))));

        Assert.All(results, result => Assert.Equal(SandboxEventTypes.Running, result.Reply?.Type));
        Assert.Single(results.Select(result => (result.Reply!.Id, result.Reply.Time)).Distinct());
        var record = await _fixture.RecordAsync("acme", "box");
        Assert.Single(record!.History, entry => entry.State == SandboxState.Running);
    }

    [Fact]
    public async Task Stop_racing_a_pod_event_keeps_both_in_the_history()
    {
        await _fixture.AddTenantAsync(SandboxFixture.Tenant("acme"));
        await _fixture.SandboxAsync("acme", "box", SandboxState.Pending);
        _store.Key = SandboxStateKeys.Record("acme", "box");
        _store.Interleave = () => _fixture.SendAsync(SandboxFixture.PodEvent(SandboxEventTypes.PodUpdated, "acme", "box", "Running", 30));

        var stopped = await _fixture.SendAsync(SandboxFixture.Stop("acme", "box"));

        Assert.Equal(SandboxEventTypes.Deleted, stopped.Reply!.Type);
        var record = await _fixture.RecordAsync("acme", "box");
        Assert.Equal(
            [SandboxState.Pending, SandboxState.Running, SandboxState.Stopping, SandboxState.Deleted],
            record!.History.Select(entry => entry.State));
    }

    [Fact]
    public async Task A_concurrent_delivery_of_the_same_request_never_overwrites_a_record_a_pod_event_moved_on()
    {
        await _fixture.AddTenantAsync(SandboxFixture.Tenant("acme"));
        var request = SandboxFixture.Request("acme", "box", id: "req-1");
        _store.Key = SandboxStateKeys.Index("acme");
        // While this delivery is between finding no record and claiming the name, another delivery of
        // the same request creates the sandbox and its pod reports Running.
        _store.Interleave = async () =>
        {
            await _fixture.SendAsync(request);
            await _fixture.SendAsync(SandboxFixture.PodEvent(SandboxEventTypes.PodUpdated, "acme", "box", "Running", 5));
        };

        var late = await _fixture.SendAsync(request);

        Assert.Equal(SandboxEventTypes.Running, late.Reply!.Type);
        var record = await _fixture.RecordAsync("acme", "box");
        Assert.Equal(SandboxState.Running, record!.State);
        Assert.Single(record.History, entry => entry.State == SandboxState.Requested);
    }

    [Fact]
    public async Task A_redelivery_waits_out_the_lease_of_a_delivery_still_at_work_then_takes_its_claim_over()
    {
        await _fixture.AddTenantAsync(SandboxFixture.Tenant("acme"));
        var claimedAt = _fixture.Time.GetUtcNow();
        await _fixture.Store.SaveAsync(SandboxStateKeys.Index("acme"),
            new SandboxIndex([new SandboxIndexEntry("box", claimedAt.AddHours(1), "req-1", Claim: "other-delivery", ClaimedAt: claimedAt)]),
            SandboxJsonContext.Default.SandboxIndex, CancellationToken.None);

        await Assert.ThrowsAsync<TransientFailureException>(() => _fixture.SendAsync(SandboxFixture.Request("acme", "box", id: "req-1")));
        Assert.Null(await _fixture.RecordAsync("acme", "box"));

        _fixture.Time.Advance(TimeSpan.FromSeconds(new SandboxOptions().ClaimLeaseSeconds + 1));
        var taken = await _fixture.SendAsync(SandboxFixture.Request("acme", "box", id: "req-1"));

        Assert.Equal(SandboxEventTypes.Created, taken.Reply!.Type);
        Assert.NotNull(await _fixture.RecordAsync("acme", "box"));
    }
}
