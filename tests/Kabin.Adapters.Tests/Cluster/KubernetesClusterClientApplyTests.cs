using System.Text.Json.Nodes;

namespace Kabin.Adapters.Tests.Cluster;

public sealed class KubernetesClusterClientApplyTests : ClusterTestBase
{
    [Fact]
    public async Task Apply_sends_a_forced_server_side_apply_patch_as_field_manager_kabin()
    {
        var pod = Manifest("sandbox-pod.json");

        await Client.ApplyAsync(pod, CancellationToken.None);

        var request = Assert.Single(Server.Requests);
        Assert.Equal("PATCH", request.Method);
        Assert.Equal("/api/v1/namespaces/tenant-a/pods/sbx-1", request.Path);
        Assert.StartsWith("application/apply-patch+yaml", request.ContentType, StringComparison.Ordinal);
        Assert.Equal("kabin", request.QueryValue("fieldManager"));
        Assert.Equal("true", request.QueryValue("force"));
        Assert.True(JsonNode.DeepEquals(pod, JsonNode.Parse(request.Body)));
    }

    [Theory]
    [InlineData("tenant-namespace.json", "/api/v1/namespaces/tenant-c")]
    [InlineData("network-policy.json", "/apis/networking.k8s.io/v1/namespaces/tenant-a/networkpolicies/deny-other-tenants")]
    [InlineData("cluster-role.json", "/apis/rbac.authorization.k8s.io/v1/clusterroles/kabin:tenant-owner")]
    public async Task Apply_addresses_each_kind_at_its_group_path(string file, string path)
    {
        await Client.ApplyAsync(Manifest(file), CancellationToken.None);

        Assert.Equal(path, Assert.Single(Server.Requests).Path);
    }

    [Fact]
    public async Task Apply_creates_then_merges_and_returns_the_server_object()
    {
        var created = await Client.ApplyAsync(Manifest("tenant-namespace.json"), CancellationToken.None);
        var changed = Manifest("tenant-namespace.json");
        changed["metadata"]!["labels"]!["pod-security.kubernetes.io/enforce"] = "baseline";

        var merged = await Client.ApplyAsync(changed, CancellationToken.None);

        Assert.Equal(created["metadata"]!["uid"]!.GetValue<string>(), merged["metadata"]!["uid"]!.GetValue<string>());
        Assert.NotEqual(ResourceVersion(created), ResourceVersion(merged));
        Assert.Equal("baseline", merged["metadata"]!["labels"]!["pod-security.kubernetes.io/enforce"]!.GetValue<string>());
        Assert.Equal("c", merged["metadata"]!["labels"]!["kabin.dev/tenant"]!.GetValue<string>());
    }

    [Fact]
    public async Task Applying_the_same_manifest_twice_changes_nothing()
    {
        var first = await Client.ApplyAsync(Manifest("sandbox-pod.json"), CancellationToken.None);

        var second = await Client.ApplyAsync(Manifest("sandbox-pod.json"), CancellationToken.None);

        Assert.Equal(ResourceVersion(first), ResourceVersion(second));
        Assert.True(JsonNode.DeepEquals(first, second));
    }

    [Fact]
    public async Task Apply_takes_over_fields_another_manager_owns()
    {
        var seeded = Manifest("sandbox-pod.json");
        seeded["spec"]!["runtimeClassName"] = "runc";
        Server.Seed(seeded);

        var applied = await Client.ApplyAsync(Manifest("sandbox-pod.json"), CancellationToken.None);

        Assert.Equal("kata-qemu", applied["spec"]!["runtimeClassName"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_name_the_server_refuses_is_a_rejection_with_the_server_message()
    {
        var pod = Manifest("sandbox-pod.json");
        pod["metadata"]!["name"] = "Sandbox_1";

        var error = await Assert.ThrowsAsync<ClusterRejectedException>(() => Client.ApplyAsync(pod, CancellationToken.None));

        Assert.Equal(422, error.StatusCode);
        Assert.Contains("RFC 1123", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Applying_into_a_missing_namespace_is_a_rejection_naming_it()
    {
        var error = await Assert.ThrowsAsync<ClusterRejectedException>(
            () => Client.ApplyAsync(Pod("sbx-9", "tenant-z", "z"), CancellationToken.None));

        Assert.Equal(404, error.StatusCode);
        Assert.Contains("tenant-z", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_409_from_the_server_is_a_conflict()
    {
        Server.FailNext(1, 409);

        await Assert.ThrowsAsync<ConflictException>(() => Client.ApplyAsync(Manifest("sandbox-pod.json"), CancellationToken.None));
    }

    [Fact]
    public async Task An_unknown_kind_fails_before_any_request_with_a_clear_message()
    {
        var manifest = new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = "Deployment", ["metadata"] = new JsonObject { ["name"] = "x", ["namespace"] = "tenant-a" } };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Client.ApplyAsync(manifest, CancellationToken.None));

        Assert.Contains("apps/v1 Deployment", error.Message, StringComparison.Ordinal);
        Assert.Empty(Server.Requests);
    }
}
