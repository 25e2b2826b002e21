using System.Text.Json.Nodes;
using Kabin.Tenants;

namespace Kabin.Adapters.Tests.Tenants;

public sealed class TenantClusterApplyTests
{
    [Theory]
    [InlineData("acme.spec.json", "acme.objects.json")]
    [InlineData("beta.spec.json", "defaults.objects.json")]
    public async Task Tenant_created_applies_exactly_the_expected_objects_namespace_first(string spec, string objects)
    {
        await using var fixture = await TenantClusterFixture.StartAsync();

        var (reply, data) = await fixture.SendAsync(TenantEventTypes.Created, TenantClusterFixture.TenantData(spec));

        Assert.Equal(TenantEventTypes.Provisioned, reply.Type);
        Assert.Equal("apply", (string?)data["mode"]);
        var patches = fixture.Server.Requests.Where(request => request.Method == "PATCH").ToArray();
        var expected = JsonNode.Parse(TenantClusterFixture.TenantData(objects))!.AsArray();
        Assert.Equal(expected.Count, patches.Length);
        for (var i = 0; i < patches.Length; i++)
        {
            Assert.True(JsonNode.DeepEquals(expected[i], JsonNode.Parse(patches[i].Body)), $"apply #{i} differs: {patches[i].Body}");
            Assert.StartsWith("application/apply-patch+yaml", patches[i].ContentType, StringComparison.Ordinal);
            Assert.Equal("true", patches[i].QueryValue("force"));
            Assert.False(string.IsNullOrEmpty(patches[i].QueryValue("fieldManager")));
        }

        Assert.Equal("/api/v1/namespaces/" + (string?)data["namespace"], patches[0].Path);
    }

    [Fact]
    public async Task Apply_mode_replies_with_references_to_the_objects_as_the_server_has_them()
    {
        await using var fixture = await TenantClusterFixture.StartAsync();

        var (_, data) = await fixture.SendAsync(TenantEventTypes.Created, TenantClusterFixture.AcmeSpec);

        var references = data["objects"]!.AsArray();
        Assert.Equal(13, references.Count);
        foreach (var reference in references)
        {
            var stored = fixture.Server.Find(
                (string)reference!["apiVersion"]!, (string)reference["kind"]!, (string?)reference["namespace"], (string)reference["name"]!);
            Assert.NotNull(stored);
            Assert.Equal((string?)stored["metadata"]!["resourceVersion"], (string?)reference["resourceVersion"]);
            string[] keys = reference["namespace"] is null
                ? ["apiVersion", "kind", "name", "resourceVersion"]
                : ["apiVersion", "kind", "name", "namespace", "resourceVersion"];
            Assert.Equal(keys, reference.AsObject().Select(pair => pair.Key).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task Tenant_created_three_times_changes_nothing_after_the_first()
    {
        await using var fixture = await TenantClusterFixture.StartAsync();
        var (_, first) = await fixture.SendAsync(TenantEventTypes.Created, TenantClusterFixture.AcmeSpec);
        var versionAfterFirst = await fixture.ServerResourceVersionAsync();

        var (_, second) = await fixture.SendAsync(TenantEventTypes.Created, TenantClusterFixture.AcmeSpec);
        var (_, third) = await fixture.SendAsync(TenantEventTypes.Created, TenantClusterFixture.AcmeSpec);

        // Each redelivery re-applies all 13 objects, and no apply changes a resourceVersion.
        Assert.Equal(39, fixture.Server.Requests.Count(request => request.Method == "PATCH"));
        Assert.True(JsonNode.DeepEquals(first, second));
        Assert.True(JsonNode.DeepEquals(first, third));
        Assert.Equal(versionAfterFirst, await fixture.ServerResourceVersionAsync());
        Assert.Equal(1, (await fixture.Directory.FindByNameAsync("acme", CancellationToken.None))!.Generation);
    }

    [Fact]
    public async Task Tenant_update_changes_the_quota_and_deletes_bindings_of_removed_owners()
    {
        await using var fixture = await TenantClusterFixture.StartAsync();
        await fixture.SendAsync(TenantEventTypes.Created, TenantClusterFixture.AcmeSpec);
        var update = JsonNode.Parse(TenantClusterFixture.AcmeSpec)!.AsObject();
        update["quota"] = new JsonObject { ["cpu"] = "16", ["memory"] = "32Gi", ["pods"] = 40 };
        update["owners"] = JsonNode.Parse("""[{ "kind": "Group", "name": "acme-devs" }]""");
        fixture.Server.ClearRequests();

        var (_, data) = await fixture.SendAsync(TenantEventTypes.Updated, update.ToJsonString());

        Assert.Equal(2, (int)data["generation"]!);
        var hard = fixture.Server.Find("v1", "ResourceQuota", "tenant-acme", "kabin-quota")!["spec"]!["hard"]!;
        Assert.Equal("26", (string?)hard["limits.cpu"]);
        Assert.Equal("39168Mi", (string?)hard["limits.memory"]);
        Assert.Equal("40", (string?)hard["pods"]);
        var deletes = fixture.RequestLines().Where(line => line.StartsWith("DELETE", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, deletes.Length);
        Assert.All(deletes, line => Assert.StartsWith(
            "DELETE /apis/rbac.authorization.k8s.io/v1/namespaces/tenant-acme/rolebindings/kabin-owner-", line, StringComparison.Ordinal));
        var bindingLists = fixture.Server.Requests.Where(request => request.Method == "GET" && request.Path.EndsWith("/rolebindings", StringComparison.Ordinal));
        Assert.Equal("kabin.dev/tenant=acme,kabin.dev/binding=owner", Assert.Single(bindingLists).QueryValue("labelSelector"));
        Assert.NotNull(fixture.Server.Find("rbac.authorization.k8s.io/v1", "RoleBinding", "tenant-acme", "kabin-tenant-admin"));
    }
}
