using System.Text.Json.Nodes;
using Kabin.LocalCluster.Tests.Support;

namespace Kabin.LocalCluster.Tests;

/// <summary>The simulated kubelet (boot delay, pod IP, deadline) and ApiServerSource (Resource-mode events to the sink, retried).</summary>
public sealed class KubeletAndSourceTests
{
    [Fact]
    public async Task A_pod_runs_after_its_runtime_class_boot_delay_and_its_deadline_ends_it()
    {
        var options = new LocalClusterOptions { Kubelet = true, BootDelays = new Dictionary<string, TimeSpan> { ["kata-qemu"] = TimeSpan.FromMilliseconds(400) } };
        await using var cluster = await ClusterClient.StartAsync(options);
        await cluster.CreateNamespaceAsync("boot");
        var pod = ClusterClient.Pod("boot", "vm");
        pod["spec"]!["activeDeadlineSeconds"] = 1;

        var started = DateTime.UtcNow;
        await ClusterClient.SucceedAsync(await cluster.CreateAsync("api/v1/namespaces/boot/pods", pod));
        var running = await WaitForPhaseAsync(cluster, "vm", "Running");
        var bootedAfter = DateTime.UtcNow - started;
        var ended = await WaitForPhaseAsync(cluster, "vm", "Failed");

        Assert.True(bootedAfter >= TimeSpan.FromMilliseconds(350), $"running after {bootedAfter.TotalMilliseconds} ms, before the 400 ms boot delay");
        Assert.StartsWith("10.244.", running["status"]!["podIP"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("kabin-local-node", running["spec"]!["nodeName"]!.GetValue<string>());
        Assert.Equal("DeadlineExceeded", ended["status"]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Sandbox_pod_events_reach_the_sink_in_order_even_after_it_refused_some()
    {
        await using var sink = await EventSink.StartAsync(refuseFirst: 2);
        await using var cluster = await ClusterClient.StartAsync(new LocalClusterOptions { Kubelet = true, Sink = sink.Url });
        await cluster.CreateNamespaceAsync("tenant-acme");
        await ClusterClient.SucceedAsync(await cluster.CreateAsync("api/v1/namespaces/tenant-acme/pods", ClusterClient.Pod("tenant-acme", "plain")));

        await ClusterClient.SucceedAsync(await cluster.CreateAsync("api/v1/namespaces/tenant-acme/pods",
            ClusterClient.Pod("tenant-acme", "sbx-build-1", new JsonObject { ["kabin.dev/sandbox"] = "build-1", ["kabin.dev/tenant"] = "acme" })));
        await WaitForPhaseAsync(cluster, "sbx-build-1", "Running", "tenant-acme");
        await ClusterClient.SucceedAsync(await cluster.Http.DeleteAsync("api/v1/namespaces/tenant-acme/pods/sbx-build-1"));
        await Eventually.HoldsAsync(() => sink.Events.Any(e => e.Headers["ce-type"].EndsWith(".delete", StringComparison.Ordinal)));

        var events = sink.Events.ToArray();
        Assert.All(events, e => Assert.Equal("sbx-build-1", e.Headers["ce-name"]));
        Assert.Equal("dev.knative.apiserver.resource.add", events[0].Headers["ce-type"]);
        Assert.Equal("dev.knative.apiserver.resource.delete", events[^1].Headers["ce-type"]);
        Assert.Contains(events, e => e.Headers["ce-type"] == "dev.knative.apiserver.resource.update" && JsonNode.Parse(e.Body)!["status"]!["phase"]!.GetValue<string>() == "Running");
        Assert.All(events, e => Assert.Equal(("1.0", "application/json", "/apis/v1/namespaces/tenant-acme/pods/sbx-build-1"), (e.Headers["ce-specversion"], e.Headers["content-type"].Split(';')[0], e.Headers["ce-subject"])));
        Assert.Equal(events.Length, events.Select(e => e.Headers["ce-id"]).Distinct().Count());
    }

    private static async Task<JsonObject> WaitForPhaseAsync(ClusterClient cluster, string name, string phase, string namespaceName = "boot")
    {
        JsonObject? pod = null;
        await Eventually.HoldsAsync(() => (pod = cluster.Server.Find("v1", "Pod", namespaceName, name))?["status"]?["phase"]?.GetValue<string>() == phase);
        return pod!;
    }
}
