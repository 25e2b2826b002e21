using System.Text.Json.Nodes;
using Kabin.Cluster;
using Kabin.Core.Tests.Sandboxes;
using Kabin.Core.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Kabin.Core.Tests.Cluster;

public sealed class PlanClusterClientTests : IDisposable
{
    private readonly TempStateStore _state = new();
    private readonly PlanClusterClient _cluster;

    public PlanClusterClientTests()
    {
        _cluster = new(new FakeTimeProvider(), _state.Store);
    }

    public void Dispose() => _state.Dispose();

    private static JsonObject Pod(string ns, string name, string sandbox) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["namespace"] = ns,
            ["labels"] = new JsonObject { ["kabin.dev/sandbox"] = sandbox },
        },
    };

    private static JsonObject Namespace(string name) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Namespace",
        ["metadata"] = new JsonObject { ["name"] = name },
    };

    [Fact]
    public async Task Apply_returns_the_manifest_unchanged()
    {
        var pod = Pod("tenant-acme", "sbx-a", "a");

        var planned = await _cluster.ApplyAsync(pod, CancellationToken.None);

        Assert.Equal(ClusterMode.Plan, _cluster.Mode);
        Assert.True(JsonNode.DeepEquals(pod, planned));
    }

    [Fact]
    public async Task Applied_objects_can_be_read_listed_and_deleted()
    {
        await _cluster.ApplyAsync(Pod("tenant-acme", "sbx-a", "a"), CancellationToken.None);
        await _cluster.ApplyAsync(Pod("tenant-acme", "sbx-b", "b"), CancellationToken.None);
        await _cluster.ApplyAsync(Pod("tenant-other", "sbx-c", "c"), CancellationToken.None);
        var reference = new ResourceRef("v1", "Pod", "tenant-acme", "sbx-a");

        var read = await _cluster.GetAsync(reference, CancellationToken.None);
        var listed = await _cluster.ListAsync("v1", "Pod", "tenant-acme", "kabin.dev/sandbox", CancellationToken.None);
        var everywhere = await _cluster.ListAsync("v1", "Pod", null, "kabin.dev/sandbox!=b", CancellationToken.None);
        var deleted = await _cluster.DeleteAsync(reference, TimeSpan.FromSeconds(5), CancellationToken.None);
        var deletedAgain = await _cluster.DeleteAsync(reference, null, CancellationToken.None);

        Assert.NotNull(read?["metadata"]?["uid"]);
        Assert.Equal(["sbx-a", "sbx-b"], listed.Select(o => o["metadata"]!["name"]!.GetValue<string>()));
        Assert.Equal(["sbx-a", "sbx-c"], everywhere.Select(o => o["metadata"]!["name"]!.GetValue<string>()));
        Assert.True(deleted);
        Assert.False(deletedAgain);
        Assert.Null(await _cluster.GetAsync(reference, CancellationToken.None));
    }

    [Fact]
    public async Task Reapply_keeps_identity_and_status()
    {
        var reference = new ResourceRef("v1", "Pod", "tenant-acme", "sbx-a");
        await _cluster.ApplyAsync(Pod("tenant-acme", "sbx-a", "a"), CancellationToken.None);
        var uid = (await _cluster.GetAsync(reference, CancellationToken.None))!["metadata"]!["uid"]!.GetValue<string>();
        await _cluster.SetStatusAsync(reference, new JsonObject { ["phase"] = "Running" }, CancellationToken.None);

        await _cluster.ApplyAsync(Pod("tenant-acme", "sbx-a", "a"), CancellationToken.None);
        var after = await _cluster.GetAsync(reference, CancellationToken.None);

        Assert.Equal(uid, after!["metadata"]!["uid"]!.GetValue<string>());
        Assert.Equal("Running", after["status"]!["phase"]!.GetValue<string>());
    }

    [Fact]
    public async Task Deleting_a_namespace_deletes_what_is_inside()
    {
        await _cluster.ApplyAsync(Namespace("tenant-acme"), CancellationToken.None);
        await _cluster.ApplyAsync(Pod("tenant-acme", "sbx-a", "a"), CancellationToken.None);
        await _cluster.ApplyAsync(Pod("tenant-other", "sbx-c", "c"), CancellationToken.None);

        await _cluster.DeleteAsync(new ResourceRef("v1", "Namespace", null, "tenant-acme"), null, CancellationToken.None);

        Assert.Null(await _cluster.GetAsync(new ResourceRef("v1", "Pod", "tenant-acme", "sbx-a"), CancellationToken.None));
        Assert.NotNull(await _cluster.GetAsync(new ResourceRef("v1", "Pod", "tenant-other", "sbx-c"), CancellationToken.None));
        Assert.Empty(await _cluster.ListAsync("v1", "Pod", "tenant-acme", string.Empty, CancellationToken.None));

        await _cluster.ApplyAsync(Pod("tenant-acme", "sbx-new", "new"), CancellationToken.None);

        Assert.Equal(["sbx-new"], (await _cluster.ListAsync("v1", "Pod", "tenant-acme", string.Empty, CancellationToken.None))
            .Select(o => o["metadata"]!["name"]!.GetValue<string>()));
        Assert.Equal(["sbx-c", "sbx-new"], (await _cluster.ListAsync("v1", "Pod", null, string.Empty, CancellationToken.None))
            .Select(o => o["metadata"]!["name"]!.GetValue<string>()).Order());
    }

    [Fact]
    public async Task The_plan_lives_in_the_state_store_and_outlives_the_client()
    {
        await _cluster.ApplyAsync(Namespace("tenant-acme"), CancellationToken.None);
        await _cluster.ApplyAsync(Pod("tenant-acme", "sbx-a", "a"), CancellationToken.None);
        var before = await _cluster.GetAsync(new ResourceRef("v1", "Pod", "tenant-acme", "sbx-a"), CancellationToken.None);

        var restarted = new PlanClusterClient(new FakeTimeProvider(), _state.Store);
        var after = await restarted.GetAsync(new ResourceRef("v1", "Pod", "tenant-acme", "sbx-a"), CancellationToken.None);
        var listed = await restarted.ListAsync("v1", "Pod", "tenant-acme", "kabin.dev/sandbox=a", CancellationToken.None);

        Assert.True(JsonNode.DeepEquals(before, after));
        Assert.Single(listed);
        Assert.NotNull(await _state.Store.GetAsync("plan/objects/tenant-acme/v1/Pod/sbx-a", CancellationToken.None));
        Assert.NotNull(await _state.Store.GetAsync("plan/objects/-/v1/Namespace/tenant-acme", CancellationToken.None));
    }

    [Fact]
    public async Task A_patch_with_a_stale_resource_version_is_a_conflict_even_after_a_restart()
    {
        var reference = new ResourceRef("v1", "Pod", "tenant-acme", "sbx-a");
        await _cluster.ApplyAsync(Pod("tenant-acme", "sbx-a", "a"), CancellationToken.None);
        var first = (await _cluster.GetAsync(reference, CancellationToken.None))!["metadata"]!["resourceVersion"]!.GetValue<string>();
        var patch = new JsonObject { ["metadata"] = new JsonObject { ["resourceVersion"] = first, ["labels"] = new JsonObject { ["kabin.dev/sandbox"] = "b" } } };

        var patched = await _cluster.PatchAsync(reference, patch, CancellationToken.None);
        var restarted = new PlanClusterClient(new FakeTimeProvider(), _state.Store);

        Assert.Equal("b", patched!["metadata"]!["labels"]!["kabin.dev/sandbox"]!.GetValue<string>());
        Assert.NotEqual(first, patched["metadata"]!["resourceVersion"]!.GetValue<string>());
        await Assert.ThrowsAsync<ConflictException>(() => restarted.PatchAsync(reference, (JsonObject)patch.DeepClone(), CancellationToken.None));
        Assert.Null(await _cluster.PatchAsync(new ResourceRef("v1", "Pod", "tenant-acme", "absent"), patch, CancellationToken.None));
    }

    [Fact]
    public async Task Concurrent_applies_into_one_namespace_are_all_indexed()
    {
        var shared = new PlanClusterClient(new FakeTimeProvider(), new YieldingStateStore(_state.Store));

        await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() => shared.ApplyAsync(Pod("tenant-acme", $"sbx-{i:D2}", "x"), CancellationToken.None))));
        var listed = await shared.ListAsync("v1", "Pod", "tenant-acme", string.Empty, CancellationToken.None);
        var everywhere = await shared.ListAsync("v1", "Pod", null, string.Empty, CancellationToken.None);

        Assert.Equal(Enumerable.Range(0, 16).Select(i => $"sbx-{i:D2}"), listed.Select(o => o["metadata"]!["name"]!.GetValue<string>()));
        Assert.Equal(16, everywhere.Count);
    }

    [Fact]
    public async Task Manifest_without_a_name_is_refused()
    {
        var nameless = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Pod", ["metadata"] = new JsonObject() };

        await Assert.ThrowsAsync<ArgumentException>(() => _cluster.ApplyAsync(nameless, CancellationToken.None));
    }
}
