using Kabin.Sandboxes;

namespace Kabin.Core.Tests.Sandboxes;

public sealed class SandboxStopTests : IDisposable
{
    private readonly SandboxFixture _plan = new();
    private readonly ApplyModeCluster? _applied;
    private readonly SandboxFixture _apply;

    public SandboxStopTests()
    {
        ApplyModeCluster? applied = null;
        _apply = new SandboxFixture(wrapCluster: plan => applied = new ApplyModeCluster(plan));
        _applied = applied;
    }

    public void Dispose()
    {
        _plan.Dispose();
        _apply.Dispose();
    }

    [Fact]
    public async Task Stop_in_plan_mode_deletes_the_pod_and_replies_deleted_at_once()
    {
        await _plan.AddTenantAsync(SandboxFixture.Tenant("acme"));
        await _plan.SendAsync(SandboxFixture.Request("acme", "box"));

        var result = await _plan.SendAsync(SandboxFixture.Stop("acme", "box"));

        Assert.Equal(SandboxEventTypes.Deleted, result.Reply!.Type);
        Assert.Null(await _plan.PodAsync("acme", "box"));
        Assert.Empty(await _plan.IndexedAsync("acme"));
        var record = await _plan.RecordAsync("acme", "box");
        Assert.Equal([SandboxState.Requested, SandboxState.Creating, SandboxState.Stopping, SandboxState.Deleted],
            record!.History.Select(entry => entry.State));
    }

    [Fact]
    public async Task Stop_repeated_replies_deleted_again_without_a_new_transition()
    {
        await _plan.AddTenantAsync(SandboxFixture.Tenant("acme"));
        await _plan.SendAsync(SandboxFixture.Request("acme", "box"));
        await _plan.SendAsync(SandboxFixture.Stop("acme", "box"));

        var again = await _plan.SendAsync(SandboxFixture.Stop("acme", "box"));

        Assert.Equal(SandboxEventTypes.Deleted, again.Reply!.Type);
        Assert.Equal(4, (await _plan.RecordAsync("acme", "box"))!.History.Count);
    }

    [Fact]
    public async Task The_same_stop_delivered_again_answers_the_same_deleted_event()
    {
        await _plan.AddTenantAsync(SandboxFixture.Tenant("acme"));
        await _plan.SendAsync(SandboxFixture.Request("acme", "box"));
        var stop = SandboxFixture.Stop("acme", "box");
        var first = await _plan.SendAsync(stop);
        _plan.Time.Advance(TimeSpan.FromMinutes(1));

        var again = await _plan.SendAsync(stop);

        SandboxFixture.AssertSameEvent(first.Reply!, again.Reply);
    }

    [Fact]
    public async Task Stop_of_an_unknown_sandbox_is_rejected()
    {
        await _plan.AddTenantAsync(SandboxFixture.Tenant("acme"));

        var result = await _plan.SendAsync(SandboxFixture.Stop("acme", "nothing"));

        Assert.Equal("sandbox/unknown", Assert.Single(SandboxFixture.DataOf(result.Reply!).Reasons!).Rule);
    }

    [Fact]
    public async Task Stop_with_a_cluster_waits_for_the_pods_delete_event_before_deleted()
    {
        await _apply.AddTenantAsync(SandboxFixture.Tenant("acme"));
        await _apply.SendAsync(SandboxFixture.Request("acme", "box"));
        await _apply.SendAsync(SandboxFixture.PodEvent(SandboxEventTypes.PodUpdated, "acme", "box", "Running", 4));

        var stopped = await _apply.SendAsync(SandboxFixture.Stop("acme", "box"));

        Assert.Null(stopped.Reply);
        Assert.Equal(SandboxState.Stopping, (await _apply.RecordAsync("acme", "box"))!.State);
        Assert.Equal(["box"], await _apply.IndexedAsync("acme"));
        Assert.Equal([TimeSpan.FromSeconds(5)], _applied!.GracePeriods);

        var late = await _apply.SendAsync(SandboxFixture.PodEvent(SandboxEventTypes.PodUpdated, "acme", "box", "Failed", 5, 143, "Error"));
        var gone = await _apply.SendAsync(SandboxFixture.PodEvent(SandboxEventTypes.PodDeleted, "acme", "box", "Failed", 6));

        Assert.Null(late.Reply);
        Assert.Equal(SandboxEventTypes.Deleted, gone.Reply!.Type);
        Assert.Equal(SandboxState.Deleted, (await _apply.RecordAsync("acme", "box"))!.State);
        Assert.Empty(await _apply.IndexedAsync("acme"));
    }

    [Fact]
    public async Task A_redelivered_stop_leaves_the_end_to_the_pods_delete_event_unless_that_never_came()
    {
        await _apply.AddTenantAsync(SandboxFixture.Tenant("acme"));
        await _apply.SendAsync(SandboxFixture.Request("acme", "box"));
        var stop = SandboxFixture.Stop("acme", "box");
        await _apply.SendAsync(stop);

        // The pod is gone (the cluster deleted it) and its delete event is still on its way.
        var soon = await _apply.SendAsync(stop);
        Assert.Null(soon.Reply);
        Assert.Equal(SandboxState.Stopping, (await _apply.RecordAsync("acme", "box"))!.State);

        // Past the grace period and a minute the event is taken as lost: the stop ends the sandbox.
        _apply.Time.Advance(TimeSpan.FromSeconds(5) + TimeSpan.FromMinutes(2));
        var late = await _apply.SendAsync(stop);

        Assert.Equal(SandboxEventTypes.Deleted, late.Reply!.Type);
        Assert.Equal(SandboxState.Deleted, (await _apply.RecordAsync("acme", "box"))!.State);
        Assert.Empty(await _apply.IndexedAsync("acme"));
    }
}
