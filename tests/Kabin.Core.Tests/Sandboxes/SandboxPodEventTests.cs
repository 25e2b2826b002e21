using System.Text.Json.Nodes;
using Kabin.Cluster;
using Kabin.Events;
using Kabin.Sandboxes;

namespace Kabin.Core.Tests.Sandboxes;

public sealed class SandboxPodEventTests : IDisposable
{
    private readonly SandboxFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private async Task CreateAsync()
    {
        await _fixture.AddTenantAsync(SandboxFixture.Tenant("acme"));
        await _fixture.SendAsync(SandboxFixture.Request("acme", "box"));
    }

    [Fact]
    public async Task Pod_events_walk_a_sandbox_from_created_to_running_to_terminated_with_exit_code()
    {
        await CreateAsync();

        var pending = await _fixture.SendAsync(SandboxFixture.PodEvent(SandboxEventTypes.PodAdded, "acme", "box", "Pending", 2));
        var running = await _fixture.SendAsync(SandboxFixture.PodEvent(SandboxEventTypes.PodUpdated, "acme", "box", "Running", 3));
        var done = await _fixture.SendAsync(SandboxFixture.PodEvent(SandboxEventTypes.PodUpdated, "acme", "box", "Failed", 4, 2, "Error"));

        Assert.Null(pending.Reply);
        Assert.Equal(SandboxEventTypes.Running, running.Reply!.Type);
        Assert.Equal(SandboxEventTypes.Terminated, done.Reply!.Type);
        var data = SandboxFixture.DataOf(done.Reply!);
        Assert.Equal((SandboxState.Failed, "Failed", 2, "Error"), (data.State!.Value, data.Phase, data.ExitCode, data.Reason));
        var record = await _fixture.RecordAsync("acme", "box");
        Assert.Equal(
            [SandboxState.Requested, SandboxState.Creating, SandboxState.Pending, SandboxState.Running, SandboxState.Failed],
            record!.History.Select(entry => entry.State));
        Assert.Equal("pod phase Failed, exit code 2 (Error)", record.History[^1].Reason);
        // Plan mode keeps the planned pod in step with the events sent by hand.
        Assert.Equal("Failed", (await _fixture.PodAsync("acme", "box"))!["status"]!["phase"]!.GetValue<string>());
    }

    [Fact]
    public async Task Event_older_than_the_last_one_applied_is_ignored()
    {
        await CreateAsync();
        await _fixture.SendAsync(SandboxFixture.PodEvent(SandboxEventTypes.PodUpdated, "acme", "box", "Pending", 7));

        var stale = await _fixture.SendAsync(SandboxFixture.PodEvent(SandboxEventTypes.PodUpdated, "acme", "box", "Succeeded", 6, 0));

        Assert.Null(stale.Reply);
        Assert.Equal(SandboxState.Pending, (await _fixture.RecordAsync("acme", "box"))!.State);
    }

    [Fact]
    public async Task Running_event_delivered_again_answers_the_same_running_event_and_moves_nothing()
    {
        await CreateAsync();
        var running = SandboxFixture.PodEvent(SandboxEventTypes.PodUpdated, "acme", "box", "Running", 3);

        var first = await _fixture.SendAsync(running);
        _fixture.Time.Advance(TimeSpan.FromMinutes(1));
        var second = await _fixture.SendAsync(running);

        Assert.Equal(SandboxEventTypes.Running, first.Reply!.Type);
        SandboxFixture.AssertSameEvent(first.Reply!, second.Reply);
        var record = await _fixture.RecordAsync("acme", "box");
        Assert.Single(record!.History, entry => entry.State == SandboxState.Running);
        Assert.Single(record.Answers!);
        // The answers are bookkeeping for redeliveries: callers of the API do not see them.
        Assert.Null((await new SandboxQueries(_fixture.Store).GetAsync("acme", "box", CancellationToken.None))!.Answers);
    }

    [Fact]
    public async Task A_redelivery_after_the_sandbox_moved_on_answers_what_that_event_answered_then()
    {
        await CreateAsync();
        var running = SandboxFixture.PodEvent(SandboxEventTypes.PodUpdated, "acme", "box", "Running", 3);
        var first = await _fixture.SendAsync(running);
        var succeeded = SandboxFixture.PodEvent(SandboxEventTypes.PodUpdated, "acme", "box", "Succeeded", 4, 0, "Completed");
        var done = await _fixture.SendAsync(succeeded);

        var again = await _fixture.SendAsync(running);
        var doneAgain = await _fixture.SendAsync(succeeded);
        var other = await _fixture.SendAsync(SandboxFixture.PodEvent(SandboxEventTypes.PodUpdated, "acme", "box", "Running", 3));

        SandboxFixture.AssertSameEvent(first.Reply!, again.Reply);
        Assert.Equal(SandboxState.Running, SandboxFixture.DataOf(again.Reply!).State);
        SandboxFixture.AssertSameEvent(done.Reply!, doneAgain.Reply);
        Assert.Null(other.Reply);
        Assert.Equal(SandboxState.Succeeded, (await _fixture.RecordAsync("acme", "box"))!.State);
    }

    [Fact]
    public async Task Pod_in_another_namespace_with_the_same_labels_moves_nothing()
    {
        await CreateAsync();

        var forged = await _fixture.SendAsync(SandboxFixture.PodEvent(
            SandboxEventTypes.PodUpdated, "acme", "box", "Succeeded", 9, 0, podNamespace: "tenant-mallory"));

        Assert.Null(forged.Reply);
        Assert.Equal(SandboxState.Creating, (await _fixture.RecordAsync("acme", "box"))!.State);
    }

    [Fact]
    public async Task Pod_in_phase_Unknown_moves_nothing()
    {
        await CreateAsync();

        var unknown = await _fixture.SendAsync(SandboxFixture.PodEvent(SandboxEventTypes.PodUpdated, "acme", "box", "Unknown", 9));

        Assert.Null(unknown.Reply);
        Assert.Equal(SandboxState.Creating, (await _fixture.RecordAsync("acme", "box"))!.State);
    }

    [Fact]
    public async Task Pod_of_a_sandbox_never_requested_is_acknowledged()
    {
        await _fixture.AddTenantAsync(SandboxFixture.Tenant("acme"));

        var result = await _fixture.SendAsync(SandboxFixture.PodEvent(SandboxEventTypes.PodUpdated, "acme", "ghost", "Running", 1));

        Assert.Null(result.Reply);
        Assert.Null(await _fixture.RecordAsync("acme", "ghost"));
    }

    [Fact]
    public void Pod_events_are_claimed_by_subject_only_for_sandbox_pods()
    {
        var sandboxPod = SandboxFixture.PodEvent(SandboxEventTypes.PodUpdated, "acme", "box", "Running");
        var plainPod = SandboxFixture.Event(SandboxEventTypes.PodUpdated, new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = "web", ["namespace"] = "tenant-acme", ["labels"] = new JsonObject { ["app"] = "web" } },
        });
        var deployment = SandboxFixture.Event(SandboxEventTypes.PodUpdated, new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = new JsonObject { ["name"] = "x", ["labels"] = new JsonObject { [SandboxLabels.Sandbox] = "x", [SandboxLabels.Tenant] = "acme" } },
        });
        var notJson = new CloudNative.CloudEvents.CloudEvent
        {
            Id = "1", Source = new Uri("/t", UriKind.Relative), Type = SandboxEventTypes.PodDeleted, Data = "not json",
        };

        Assert.Equal(EventClaim.BySubject, _fixture.Handler.Claim(sandboxPod));
        Assert.Equal(EventClaim.None, _fixture.Handler.Claim(plainPod));
        Assert.Equal(EventClaim.None, _fixture.Handler.Claim(deployment));
        Assert.Equal(EventClaim.None, _fixture.Handler.Claim(notJson));
        Assert.Equal(EventClaim.ByType, _fixture.Handler.Claim(SandboxFixture.Tick()));
        Assert.Equal(EventClaim.ByType, _fixture.Handler.Claim(SandboxFixture.Request("acme", "box")));
    }

    [Fact]
    public async Task Pod_deleted_outside_Kabin_ends_the_sandbox_as_deleted()
    {
        await CreateAsync();
        await _fixture.SendAsync(SandboxFixture.PodEvent(SandboxEventTypes.PodUpdated, "acme", "box", "Running", 3));

        var gone = await _fixture.SendAsync(SandboxFixture.PodEvent(SandboxEventTypes.PodDeleted, "acme", "box", "Running", 4));

        Assert.Equal(SandboxEventTypes.Deleted, gone.Reply!.Type);
        Assert.Empty(await _fixture.IndexedAsync("acme"));
        Assert.Null(await _fixture.Cluster.GetAsync(new ResourceRef("v1", "Pod", "tenant-acme", "sbx-box"), CancellationToken.None));
    }
}
