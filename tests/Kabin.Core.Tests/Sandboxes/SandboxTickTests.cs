using Kabin.Core.Tests.Support;
using Kabin.Events;
using Kabin.Sandboxes;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kabin.Core.Tests.Sandboxes;

public sealed class SandboxTickTests : IDisposable
{
    private readonly SandboxFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Tick_expires_every_sandbox_past_its_deadline_with_one_reply_and_the_rest_published()
    {
        await _fixture.AddTenantAsync(SandboxFixture.Tenant("acme"));
        await _fixture.AddTenantAsync(SandboxFixture.Tenant("beta"));
        await _fixture.SendAsync(SandboxFixture.Request("acme", "short-1", data => data["ttlSeconds"] = 60));
        await _fixture.SendAsync(SandboxFixture.Request("acme", "short-2", data => data["ttlSeconds"] = 60));
        await _fixture.SendAsync(SandboxFixture.Request("beta", "short-3", data => data["ttlSeconds"] = 90));
        await _fixture.SendAsync(SandboxFixture.Request("acme", "long", data => data["ttlSeconds"] = 3600));
        _fixture.Time.Advance(TimeSpan.FromMinutes(2));

        var result = await _fixture.SendAsync(SandboxFixture.Tick());

        var events = new[] { result.Reply! }.Concat(result.Published).ToArray();
        Assert.Equal(2, result.Published.Count);
        Assert.All(events, expired => Assert.Equal(SandboxEventTypes.Expired, expired.Type));
        Assert.Equal(["acme/short-1", "acme/short-2", "beta/short-3"], events.Select(expired => expired.Subject).Order());
        foreach (var (tenant, name) in new[] { ("acme", "short-1"), ("acme", "short-2"), ("beta", "short-3") })
        {
            Assert.Equal(SandboxState.Expired, (await _fixture.RecordAsync(tenant, name))!.State);
            Assert.Null(await _fixture.PodAsync(tenant, name));
        }

        Assert.Equal(["long"], await _fixture.IndexedAsync("acme"));
        Assert.Empty(await _fixture.IndexedAsync("beta"));
        Assert.NotNull(await _fixture.PodAsync("acme", "long"));
    }

    [Fact]
    public async Task Tick_repeated_expires_nothing_twice()
    {
        await _fixture.AddTenantAsync(SandboxFixture.Tenant("acme"));
        await _fixture.SendAsync(SandboxFixture.Request("acme", "short", data => data["ttlSeconds"] = 60));
        _fixture.Time.Advance(TimeSpan.FromMinutes(2));
        await _fixture.SendAsync(SandboxFixture.Tick());

        var again = await _fixture.SendAsync(SandboxFixture.Tick());

        Assert.Null(again.Reply);
        Assert.Empty(again.Published);
        Assert.Equal(3, (await _fixture.RecordAsync("acme", "short"))!.History.Count);
    }

    [Fact]
    public async Task A_redelivered_tick_answers_the_same_expired_events_again_so_a_failed_sink_gets_them()
    {
        await _fixture.AddTenantAsync(SandboxFixture.Tenant("acme"));
        await _fixture.AddTenantAsync(SandboxFixture.Tenant("beta"));
        await _fixture.SendAsync(SandboxFixture.Request("acme", "short-1", data => data["ttlSeconds"] = 60));
        await _fixture.SendAsync(SandboxFixture.Request("acme", "short-2", data => data["ttlSeconds"] = 60));
        await _fixture.SendAsync(SandboxFixture.Request("beta", "short-3", data => data["ttlSeconds"] = 60));
        _fixture.Time.Advance(TimeSpan.FromMinutes(2));
        var tick = SandboxFixture.Tick();

        var first = await _fixture.SendAsync(tick);
        _fixture.Time.Advance(TimeSpan.FromSeconds(30));
        var again = await _fixture.SendAsync(tick);

        var firstEvents = new[] { first.Reply! }.Concat(first.Published).ToList();
        var againEvents = new[] { again.Reply! }.Concat(again.Published).ToList();
        Assert.Equal(3, againEvents.Count);
        for (var i = 0; i < firstEvents.Count; i++)
        {
            SandboxFixture.AssertSameEvent(firstEvents[i], againEvents[i]);
        }

        Assert.Equal(3, (await _fixture.RecordAsync("acme", "short-1"))!.History.Count);
    }

    [Fact]
    public async Task Expired_events_the_sink_never_took_are_published_by_every_later_tick_until_it_takes_them()
    {
        await _fixture.AddTenantAsync(SandboxFixture.Tenant("acme"));
        await _fixture.SendAsync(SandboxFixture.Request("acme", "short-1", data => data["ttlSeconds"] = 60));
        await _fixture.SendAsync(SandboxFixture.Request("acme", "short-2", data => data["ttlSeconds"] = 60));
        _fixture.Time.Advance(TimeSpan.FromMinutes(2));

        // The sink fails and Knative gives up on this tick: its state is committed, its events are not out.
        var failed = await _fixture.SendAsync(SandboxFixture.Tick(), sinkTakes: false);
        _fixture.Time.Advance(TimeSpan.FromMinutes(1));
        var next = await _fixture.SendAsync(SandboxFixture.Tick(), sinkTakes: false);
        var taken = await _fixture.SendAsync(SandboxFixture.Tick());
        var after = await _fixture.SendAsync(SandboxFixture.Tick());

        var original = new[] { failed.Reply! }.Concat(failed.Published).ToList();
        foreach (var retry in new[] { next, taken })
        {
            var again = new[] { retry.Reply! }.Concat(retry.Published).ToList();
            Assert.Equal(original.Count, again.Count);
            for (var i = 0; i < original.Count; i++)
            {
                SandboxFixture.AssertSameEvent(original[i], again[i]);
            }
        }

        Assert.Null(after.Reply);
        Assert.Empty(after.Published);
    }

    [Fact]
    public async Task A_finished_pod_stays_for_its_logs_then_a_tick_deletes_it_and_the_record_keeps_the_exit_code()
    {
        await _fixture.AddTenantAsync(SandboxFixture.Tenant("acme"));
        await _fixture.SendAsync(SandboxFixture.Request("acme", "job", data => data["ttlSeconds"] = 7200));
        await _fixture.SendAsync(SandboxFixture.PodEvent(SandboxEventTypes.PodUpdated, "acme", "job", "Running", 3));
        await _fixture.SendAsync(SandboxFixture.PodEvent(SandboxEventTypes.PodUpdated, "acme", "job", "Failed", 4, 3, "Error"));

        _fixture.Time.Advance(TimeSpan.FromMinutes(59));
        await _fixture.SendAsync(SandboxFixture.Tick());
        Assert.NotNull(await _fixture.PodAsync("acme", "job"));

        _fixture.Time.Advance(TimeSpan.FromMinutes(2));
        var tick = await _fixture.SendAsync(SandboxFixture.Tick());
        await _fixture.SendAsync(SandboxFixture.Tick());

        Assert.Null(tick.Reply);
        Assert.Null(await _fixture.PodAsync("acme", "job"));
        var record = await _fixture.RecordAsync("acme", "job");
        Assert.Equal((SandboxState.Failed, 3), (record!.State, record.ExitCode));
        Assert.Equal(SandboxState.Failed, record.History[^1].State);
    }

    [Fact]
    public async Task Tick_before_any_deadline_changes_nothing()
    {
        await _fixture.AddTenantAsync(SandboxFixture.Tenant("acme"));
        await _fixture.SendAsync(SandboxFixture.Request("acme", "box", data => data["ttlSeconds"] = 60));
        _fixture.Time.Advance(TimeSpan.FromSeconds(59));

        var result = await _fixture.SendAsync(SandboxFixture.Tick());

        Assert.Null(result.Reply);
        Assert.Equal(SandboxState.Creating, (await _fixture.RecordAsync("acme", "box"))!.State);
    }

    [Fact]
    public async Task Tick_through_the_dispatcher_sends_the_other_expired_events_to_the_sink()
    {
        await ThreeExpiredAsync();
        var sink = new RecordingEventSink();
        var dispatcher = new EventDispatcher([_fixture.Handler], sink, NullLogger<EventDispatcher>.Instance);

        var outcome = await dispatcher.DispatchAsync(SandboxFixture.Tick(), CancellationToken.None);

        Assert.Equal(SandboxEventTypes.Expired, outcome.Reply!.Type);
        Assert.Equal(2, sink.Events.Count);
        Assert.DoesNotContain(outcome.Reply.Subject, sink.Events.Select(published => published.Subject));
    }

    [Fact]
    public async Task A_sink_failure_fails_the_tick_and_the_next_minutes_tick_through_the_dispatcher_sends_what_it_lost()
    {
        await ThreeExpiredAsync();
        var sink = new FailingFirstSink(failures: 1);
        var dispatcher = new EventDispatcher([_fixture.Handler], sink, NullLogger<EventDispatcher>.Instance);

        await Assert.ThrowsAsync<TransientFailureException>(() => dispatcher.DispatchAsync(SandboxFixture.Tick(), CancellationToken.None));
        _fixture.Time.Advance(TimeSpan.FromMinutes(1));
        var next = await dispatcher.DispatchAsync(SandboxFixture.Tick(), CancellationToken.None);
        var after = await dispatcher.DispatchAsync(SandboxFixture.Tick(), CancellationToken.None);

        // The lost tick's three expired events come out of the next tick, with their ids, once each.
        var delivered = new[] { next.Reply! }.Concat(sink.Taken).ToList();
        Assert.Equal(3, delivered.Select(expired => expired.Id).Distinct().Count());
        Assert.Equal(["acme/box-0", "acme/box-1", "acme/box-2"], delivered.Select(expired => expired.Subject).Order());
        Assert.Null(after.Reply);
        Assert.Equal(2, sink.Taken.Count);
    }

    /// <summary>A sink that fails its first calls (as K_SINK down) and then takes every event.</summary>
    private sealed class FailingFirstSink(int failures) : IEventSink
    {
        private int _failures = failures;

        public List<CloudNative.CloudEvents.CloudEvent> Taken { get; } = [];

        public Task PublishAsync(CloudNative.CloudEvents.CloudEvent cloudEvent, CancellationToken cancellationToken)
        {
            if (_failures-- > 0)
            {
                throw new TransientFailureException("the sink answered 503");
            }

            Taken.Add(cloudEvent);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Tick_finishes_an_expiry_cut_short_and_emits_its_event_again()
    {
        await _fixture.AddTenantAsync(SandboxFixture.Tenant("acme"));
        await _fixture.SandboxAsync("acme", "box", SandboxState.Running, TimeSpan.FromSeconds(30));
        var record = await _fixture.RecordAsync("acme", "box");
        // The record moved to Expired but the index update was lost.
        await Kabin.State.StateStoreExtensions.SaveAsync(_fixture.Store, SandboxStateKeys.Record("acme", "box"),
            record! with { State = SandboxState.Expired }, SandboxJsonContext.Default.SandboxRecord, CancellationToken.None);
        _fixture.Time.Advance(TimeSpan.FromMinutes(1));

        var result = await _fixture.SendAsync(SandboxFixture.Tick());

        Assert.Equal(SandboxEventTypes.Expired, result.Reply!.Type);
        Assert.Empty(await _fixture.IndexedAsync("acme"));
    }

    /// <summary>Tenant acme with three sandboxes, all five minutes past their one-minute time-to-live.</summary>
    private async Task ThreeExpiredAsync()
    {
        await _fixture.AddTenantAsync(SandboxFixture.Tenant("acme"));
        for (var i = 0; i < 3; i++)
        {
            await _fixture.SendAsync(SandboxFixture.Request("acme", $"box-{i}", data => data["ttlSeconds"] = 60));
        }

        _fixture.Time.Advance(TimeSpan.FromMinutes(5));
    }
}
