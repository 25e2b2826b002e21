using System.Text.Json.Nodes;
using Kabin.Sandboxes;

namespace Kabin.Adapters.Tests.Sandboxes;

public sealed class SandboxLifecycleTests : SandboxClusterTestBase
{
    [Fact]
    public async Task Sandbox_walks_from_request_to_running_to_terminated_against_the_api_server()
    {
        await StartAsync();

        var created = await SendAsync(Request("build-1"));
        var pending = await KubeletSetsAsync("build-1", new JsonObject { ["phase"] = "Pending" });
        var running = await KubeletSetsAsync("build-1", new JsonObject { ["phase"] = "Running" });
        var terminated = await KubeletSetsAsync("build-1", new JsonObject
        {
            ["phase"] = "Succeeded",
            ["containerStatuses"] = new JsonArray(new JsonObject
            {
                ["name"] = "sandbox",
                ["state"] = new JsonObject { ["terminated"] = new JsonObject { ["exitCode"] = 0, ["reason"] = "Completed" } },
            }),
        });

        Assert.Equal(SandboxEventTypes.Created, created.Reply!.Type);
        Assert.Null(DataOf(created.Reply!).Pod);
        var pod = PodOf("build-1")!;
        Assert.Equal("kata-qemu", pod["spec"]!["runtimeClassName"]!.GetValue<string>());
        Assert.Equal(3600, pod["spec"]!["activeDeadlineSeconds"]!.GetValue<int>());
        Assert.Null(pending.Reply);
        Assert.Equal(SandboxEventTypes.Running, running.Reply!.Type);
        Assert.Equal(SandboxEventTypes.Terminated, terminated.Reply!.Type);
        var data = DataOf(terminated.Reply!);
        Assert.Equal(("Succeeded", 0, "Completed"), (data.Phase, data.ExitCode!.Value, data.Reason));
        var apply = Assert.Single(Server.Requests, request => request.Method == "PATCH");
        Assert.Equal("/api/v1/namespaces/tenant-a/pods/sbx-build-1", apply.Path);
        Assert.StartsWith("application/apply-patch+yaml", apply.ContentType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_deletes_the_pod_with_the_grace_period_and_deleted_follows_its_delete_event()
    {
        await StartAsync();
        await SendAsync(Request("box"));
        await KubeletSetsAsync("box", new JsonObject { ["phase"] = "Running" });
        var lastSeen = PodOf("box")!;

        var stopped = await SendAsync(Event(SandboxEventTypes.StopRequested, new JsonObject { ["tenant"] = "a", ["name"] = "box" }));

        Assert.Null(stopped.Reply);
        Assert.Equal(SandboxState.Stopping, (await RecordAsync("box")).State);
        var delete = Assert.Single(Server.Requests, request => request.Method == "DELETE");
        Assert.Equal("/api/v1/namespaces/tenant-a/pods/sbx-box", delete.Path);
        Assert.Equal("7", delete.QueryValue("gracePeriodSeconds"));
        Assert.Null(PodOf("box"));

        lastSeen["metadata"]!["resourceVersion"] = "999999";
        var deleted = await SendAsync(Event(SandboxEventTypes.PodDeleted, lastSeen));

        Assert.Equal(SandboxEventTypes.Deleted, deleted.Reply!.Type);
        Assert.Equal(SandboxState.Deleted, (await RecordAsync("box")).State);
    }

    [Fact]
    public async Task Tick_after_the_time_to_live_deletes_the_pod_and_emits_expired()
    {
        await StartAsync();
        await SendAsync(Request("short", ttlSeconds: 60));
        await KubeletSetsAsync("short", new JsonObject { ["phase"] = "Running" });
        Time.Advance(TimeSpan.FromMinutes(2));

        var tick = await SendAsync(Event(SandboxEventTypes.Tick, new JsonObject()));

        Assert.Equal(SandboxEventTypes.Expired, tick.Reply!.Type);
        Assert.Null(PodOf("short"));
        Assert.Equal(SandboxState.Expired, (await RecordAsync("short")).State);
    }

    [Fact]
    public async Task Policy_refusal_and_quota_refusal_are_rejected_and_reach_no_api_server()
    {
        await StartAsync(max: 1);
        await SendAsync(Request("first"));
        Server.ClearRequests();

        var policy = await SendAsync(Request("miner", image: "docker.io/evil/miner:1"));
        var quota = await SendAsync(Request("second"));

        Assert.Equal("registry/allowed", Assert.Single(DataOf(policy.Reply!).Reasons!).Rule);
        Assert.Equal("sandbox/max-count", Assert.Single(DataOf(quota.Reply!).Reasons!).Rule);
        Assert.Empty(Server.Requests);
    }

    [Fact]
    public async Task Transient_api_server_failure_is_retried_by_redelivery_without_a_second_sandbox()
    {
        await StartAsync(max: 1);
        Server.FailNext(1, 503, request => request.Method == "PATCH");
        var request = Request("box");

        await Assert.ThrowsAsync<TransientFailureException>(() => SendAsync(request));
        var redelivered = await SendAsync(request);

        Assert.Equal(SandboxEventTypes.Created, redelivered.Reply!.Type);
        Assert.NotNull(PodOf("box"));
        Assert.Equal([SandboxState.Requested, SandboxState.Creating], (await RecordAsync("box")).History.Select(entry => entry.State));
    }

    [Fact]
    public async Task Pod_the_api_server_refuses_is_rejected_and_frees_its_name_and_place()
    {
        await StartAsync(max: 1);
        Server.FailNext(1, 422, request => request.Method == "PATCH");

        var refused = await SendAsync(Request("box"));
        var retried = await SendAsync(Request("box"));

        Assert.Equal("cluster/rejected", Assert.Single(DataOf(refused.Reply!).Reasons!).Rule);
        Assert.Equal(SandboxEventTypes.Created, retried.Reply!.Type);
        Assert.NotNull(PodOf("box"));
    }
}
