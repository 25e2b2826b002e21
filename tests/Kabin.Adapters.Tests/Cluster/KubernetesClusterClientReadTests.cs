using Kabin.Cluster;

namespace Kabin.Adapters.Tests.Cluster;

public sealed class KubernetesClusterClientReadTests : ClusterTestBase
{
    private static readonly ResourceRef SandboxPod = new("v1", "Pod", "tenant-a", "sbx-1");

    [Fact]
    public async Task Get_of_a_missing_object_is_null()
    {
        var found = await Client.GetAsync(SandboxPod, CancellationToken.None);

        Assert.Null(found);
        Assert.Equal("/api/v1/namespaces/tenant-a/pods/sbx-1", Assert.Single(Server.Requests).Path);
    }

    [Fact]
    public async Task Get_returns_the_object_with_the_status_its_controller_set()
    {
        await Client.ApplyAsync(Manifest("sandbox-pod.json"), CancellationToken.None);
        Assert.True(Server.SetPodStatus("tenant-a", "sbx-1", new() { ["phase"] = "Running" }));

        var found = await Client.GetAsync(SandboxPod, CancellationToken.None);

        Assert.Equal("Running", found?["status"]?["phase"]?.GetValue<string>());
    }

    [Fact]
    public async Task List_across_namespaces_selects_by_label_and_returns_whole_manifests()
    {
        Server.Seed(Pod("sbx-1", "tenant-a", "a"));
        Server.Seed(Pod("sbx-2", "tenant-b", "b"));
        Server.Seed(Pod("sbx-3", "tenant-b", "b"));

        var pods = await Client.ListAsync("v1", "Pod", null, "kabin.dev/tenant=b", CancellationToken.None);

        Assert.Equal(["sbx-2", "sbx-3"], pods.Select(p => p["metadata"]!["name"]!.GetValue<string>()));
        Assert.All(pods, pod => Assert.Equal(new ResourceRef("v1", "Pod", "tenant-b", pod["metadata"]!["name"]!.GetValue<string>()), ResourceRef.Of(pod)));
        var request = Assert.Single(Server.Requests);
        Assert.Equal("/api/v1/pods", request.Path);
        Assert.Equal("kabin.dev/tenant=b", request.QueryValue("labelSelector"));
    }

    [Fact]
    public async Task List_in_one_namespace_leaves_the_others_out()
    {
        Server.Seed(Pod("sbx-1", "tenant-a", "a"));
        Server.Seed(Pod("sbx-2", "tenant-b", "b"));

        var pods = await Client.ListAsync("v1", "Pod", "tenant-a", "kabin.dev/sandbox", CancellationToken.None);

        Assert.Equal("sbx-1", Assert.Single(pods)["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal("/api/v1/namespaces/tenant-a/pods", Assert.Single(Server.Requests).Path);
    }

    [Fact]
    public async Task Delete_sends_the_grace_period_and_reports_whether_the_object_existed()
    {
        Server.Seed(Pod("sbx-1", "tenant-a", "a"));

        var first = await Client.DeleteAsync(SandboxPod, TimeSpan.FromSeconds(5), CancellationToken.None);
        var second = await Client.DeleteAsync(SandboxPod, TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.True(first);
        Assert.False(second);
        Assert.All(Server.Requests, request => Assert.Equal(("DELETE", "5"), (request.Method, request.QueryValue("gracePeriodSeconds"))));
        Assert.Null(Server.Find("v1", "Pod", "tenant-a", "sbx-1"));
    }

    [Fact]
    public async Task Deleting_a_namespace_propagates_in_the_background_and_removes_its_objects()
    {
        Server.Seed(Pod("sbx-1", "tenant-a", "a"));

        var deleted = await Client.DeleteAsync(new ResourceRef("v1", "Namespace", null, "tenant-a"), null, CancellationToken.None);

        Assert.True(deleted);
        var request = Assert.Single(Server.Requests);
        Assert.Equal("/api/v1/namespaces/tenant-a", request.Path);
        Assert.Equal("Background", request.QueryValue("propagationPolicy"));
        Assert.Null(request.QueryValue("gracePeriodSeconds"));
        Assert.Empty(await Client.ListAsync("v1", "Pod", null, string.Empty, CancellationToken.None));
    }
}
