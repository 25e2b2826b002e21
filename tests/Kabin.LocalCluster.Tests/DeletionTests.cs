using System.Text.Json.Nodes;
using Kabin.LocalCluster.Tests.Support;

namespace Kabin.LocalCluster.Tests;

/// <summary>Graceful deletion: finalizers, owner-reference garbage collection, terminating namespaces, dry run.</summary>
public sealed class DeletionTests : IAsyncLifetime
{
    private ClusterClient _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = await ClusterClient.StartAsync();
        await _cluster.CreateNamespaceAsync("gc");
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task An_object_with_a_finalizer_stays_with_a_deletionTimestamp_until_it_is_removed()
    {
        var pod = ClusterClient.Pod("gc", "held");
        pod["metadata"]!["finalizers"] = new JsonArray("kabin.dev/hold");
        await ClusterClient.SucceedAsync(await _cluster.CreateAsync("api/v1/namespaces/gc/pods", pod));

        var answer = await ClusterClient.SucceedAsync(await _cluster.Http.DeleteAsync("api/v1/namespaces/gc/pods/held"));
        var during = _cluster.Server.Find("v1", "Pod", "gc", "held");
        await ClusterClient.SucceedAsync(await _cluster.PatchAsync("api/v1/namespaces/gc/pods/held", "application/merge-patch+json", """{"metadata":{"finalizers":null}}"""));

        Assert.NotNull(answer["metadata"]!["deletionTimestamp"]);
        Assert.NotNull(during?["metadata"]?["deletionTimestamp"]);
        Assert.Null(_cluster.Server.Find("v1", "Pod", "gc", "held"));
    }

    [Theory]
    [InlineData("Background", false)]
    [InlineData("Foreground", false)]
    [InlineData("Orphan", true)]
    public async Task Dependents_follow_their_owner_by_propagation_policy(string policy, bool dependentsStay)
    {
        var owner = await ClusterClient.SucceedAsync(await _cluster.CreateAsync("apis/apps/v1/namespaces/gc/replicasets", ReplicaSet("owner")));
        var reference = new JsonObject
        {
            ["apiVersion"] = "apps/v1", ["kind"] = "ReplicaSet", ["name"] = "owner",
            ["uid"] = owner["metadata"]!["uid"]!.GetValue<string>(), ["controller"] = true, ["blockOwnerDeletion"] = true,
        };
        foreach (var name in new[] { "owned-1", "owned-2" })
        {
            await ClusterClient.SucceedAsync(await _cluster.CreateAsync("api/v1/namespaces/gc/pods", ClusterClient.Pod("gc", name, ownerReferences: [reference.DeepClone()])));
        }

        using var request = new HttpRequestMessage(HttpMethod.Delete, "apis/apps/v1/namespaces/gc/replicasets/owner")
        {
            Content = new StringContent($$"""{"kind":"DeleteOptions","apiVersion":"v1","propagationPolicy":"{{policy}}"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        await ClusterClient.SucceedAsync(await _cluster.Http.SendAsync(request));

        Assert.Null(_cluster.Server.Find("apps/v1", "ReplicaSet", "gc", "owner"));
        var dependent = _cluster.Server.Find("v1", "Pod", "gc", "owned-1");
        Assert.Equal(dependentsStay, dependent is not null);
        if (dependentsStay)
        {
            Assert.Empty(dependent!["metadata"]!["ownerReferences"]!.AsArray());
        }
    }

    [Fact]
    public async Task A_terminating_namespace_refuses_new_content_with_NamespaceTerminating_then_goes()
    {
        var held = ClusterClient.Pod("gc", "held");
        held["metadata"]!["finalizers"] = new JsonArray("kabin.dev/hold");
        await ClusterClient.SucceedAsync(await _cluster.CreateAsync("api/v1/namespaces/gc/pods", held));

        var deleting = await ClusterClient.SucceedAsync(await _cluster.Http.DeleteAsync("api/v1/namespaces/gc"));
        var refused = await ClusterClient.StatusAsync(await _cluster.CreateAsync("api/v1/namespaces/gc/pods", ClusterClient.Pod("gc", "late")), 403);
        Assert.True(_cluster.Server.Update("v1", "Pod", "gc", "held", pod => pod["metadata"]!.AsObject().Remove("finalizers")));

        Assert.Equal("Terminating", deleting["status"]!["phase"]!.GetValue<string>());
        Assert.Equal("Forbidden", refused["reason"]!.GetValue<string>());
        Assert.Equal("NamespaceTerminating", refused["details"]!["causes"]![0]!["reason"]!.GetValue<string>());
        Assert.Equal("pods \"late\" is forbidden: unable to create new content in namespace gc because it is being terminated", refused["message"]!.GetValue<string>());
        Assert.Null(_cluster.Server.Find("v1", "Namespace", null, "gc"));
    }

    [Fact]
    public async Task Dry_run_creates_patches_and_deletes_nothing()
    {
        await ClusterClient.SucceedAsync(await _cluster.CreateAsync("api/v1/namespaces/gc/pods", ClusterClient.Pod("gc", "kept")));
        var before = _cluster.Server.Find("v1", "Pod", "gc", "kept")!;

        var created = await ClusterClient.SucceedAsync(await _cluster.CreateAsync("api/v1/namespaces/gc/pods?dryRun=All", ClusterClient.Pod("gc", "imagined")));
        await ClusterClient.SucceedAsync(await _cluster.PatchAsync("api/v1/namespaces/gc/pods/kept?dryRun=All", "application/merge-patch+json", """{"metadata":{"labels":{"x":"y"}}}"""));
        await ClusterClient.SucceedAsync(await _cluster.Http.DeleteAsync("api/v1/namespaces/gc/pods/kept?dryRun=All"));
        var unknown = await _cluster.Http.DeleteAsync("api/v1/namespaces/gc/pods/kept?dryRun=Some");

        Assert.Equal("imagined", created["metadata"]!["name"]!.GetValue<string>());
        Assert.Null(_cluster.Server.Find("v1", "Pod", "gc", "imagined"));
        Assert.True(JsonNode.DeepEquals(before, _cluster.Server.Find("v1", "Pod", "gc", "kept")));
        await ClusterClient.StatusAsync(unknown, 400);
    }

    private static JsonObject ReplicaSet(string name) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "ReplicaSet",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "gc" },
        ["spec"] = new JsonObject { ["replicas"] = 2 },
    };
}
