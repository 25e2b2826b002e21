using System.Text.Json.Nodes;
using Kabin.Cluster;
using Kabin.Sandboxes;
using Kabin.Tenants;

namespace Kabin.Tests.Tenants;

public sealed class TenantProvisioningTests
{
    private static readonly string Acme = TenantFunctionFixture.Fixture("acme.spec.json");

    [Fact]
    public async Task Tenant_created_replies_provisioned_with_every_planned_manifest()
    {
        using var fixture = new TenantFunctionFixture();

        var reply = await fixture.SendAsync(TenantEventTypes.Created, Acme);

        Assert.Equal(TenantEventTypes.Provisioned, reply.Type);
        Assert.Equal("acme", reply.Subject);
        Assert.Equal("/kabin/tenant", reply.Source!.ToString());
        var data = TenantFunctionFixture.DataOf(reply);
        Assert.Equal("acme", (string?)data["tenant"]);
        Assert.Equal("tenant-acme", (string?)data["namespace"]);
        Assert.Equal("plan", (string?)data["mode"]);
        Assert.Equal(1, (long?)data["generation"]);
        JsonAssert.EqualsFixture("acme.objects.json", data["objects"]);
    }

    [Fact]
    public async Task Tenant_created_with_only_a_name_gets_the_documented_defaults()
    {
        using var fixture = new TenantFunctionFixture();

        var reply = await fixture.SendAsync(TenantEventTypes.Created, """{ "name": "beta" }""");

        JsonAssert.EqualsFixture("defaults.objects.json", TenantFunctionFixture.DataOf(reply)["objects"]);
        var record = await fixture.Directory.FindByNameAsync("beta", CancellationToken.None);
        Assert.NotNull(record);
        Assert.Equal(PodSecurityLevel.Restricted, record.PodSecurity);
        Assert.Equal(["kata-qemu"], record.RuntimeClasses);
        Assert.Equal("kata-qemu", record.DefaultRuntimeClass);
        Assert.Empty(record.Registries);
        Assert.Empty(record.Owners);
        Assert.Equal(new TenantQuota("4", "8Gi", 20, "40Gi", new TenantObjectCounts()), record.Quota);
        Assert.Equal(new SandboxLimits(5, "2", "4Gi"), record.Sandboxes);
        Assert.Equal(new TenantNetwork("none"), record.Network);
    }

    [Fact]
    public async Task Tenant_created_stores_its_policy_record_before_labelling_the_namespace_and_lists_it_after_applying()
    {
        using var fixture = new TenantFunctionFixture();

        await fixture.SendAsync(TenantEventTypes.Created, Acme);

        Assert.Equal(
            ["save sandboxes/acme", "save tenant-namespace/tenant-acme", "save tenant/acme", "save " + TenantIndexShards.KeyOf("acme")],
            fixture.Store.Writes);
        // Admission reads the namespace entry and the record; the namespace's apply is what labels it for the tenant.
        var journal = fixture.Journal;
        var labelled = journal.IndexOf("apply Namespace/tenant-acme");
        Assert.True(labelled > journal.IndexOf("save tenant/acme") && labelled > journal.IndexOf("save tenant-namespace/tenant-acme"), string.Join(", ", journal));
        Assert.True(journal.IndexOf("save " + TenantIndexShards.KeyOf("acme")) > journal.FindLastIndex(call => call.StartsWith("apply ", StringComparison.Ordinal)), string.Join(", ", journal));
        Assert.Equal(SandboxIndex.Empty.Sandboxes, (await fixture.ReadAsync(SandboxStateKeys.Index("acme"), SandboxJsonContext.Default.SandboxIndex))!.Sandboxes);
        Assert.Equal(["acme"], await fixture.IndexedTenantsAsync());
        var byNamespace = await fixture.Directory.FindByNamespaceAsync("tenant-acme", CancellationToken.None);
        Assert.NotNull(byNamespace);
        Assert.Equal("kata-clh", byNamespace.DefaultRuntimeClass);
        Assert.Equal(["ghcr.io/acme/"], byNamespace.Registries);
        Assert.Equal(13, byNamespace.Objects.Count);
        Assert.Equal(new ResourceRef("v1", "Namespace", null, "tenant-acme"), byNamespace.Objects[0]);
        Assert.Equal(fixture.Time.GetUtcNow(), byNamespace.UpdatedAt);
    }

    [Fact]
    public async Task Tenant_created_three_times_gives_the_same_objects_and_writes_state_once()
    {
        using var fixture = new TenantFunctionFixture();

        var replies = new List<JsonNode?>();
        for (var i = 0; i < 3; i++)
        {
            replies.Add(TenantFunctionFixture.DataOf(await fixture.SendAsync(TenantEventTypes.Created, Acme)));
            fixture.Time.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.True(JsonNode.DeepEquals(replies[0], replies[1]));
        Assert.True(JsonNode.DeepEquals(replies[0], replies[2]));
        Assert.Equal(4, fixture.Store.Writes.Count);
        var record = await fixture.Directory.FindByNameAsync("acme", CancellationToken.None);
        Assert.Equal(1, record!.Generation);
        Assert.DoesNotContain(fixture.Cluster.Calls, call => call.StartsWith("delete", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Tenant_update_changing_quota_and_owners_bumps_generation_and_removes_the_old_owner_binding()
    {
        using var fixture = new TenantFunctionFixture();
        await fixture.SendAsync(TenantEventTypes.Created, Acme);
        var before = await fixture.Directory.FindByNameAsync("acme", CancellationToken.None);
        var update = JsonNode.Parse(Acme)!.AsObject();
        update["quota"] = new JsonObject { ["cpu"] = "16", ["memory"] = "32Gi", ["pods"] = 40 };
        update["owners"] = JsonNode.Parse("""[{ "kind": "User", "name": "bob@acme.example" }, { "kind": "Group", "name": "acme-devs" }]""");

        var reply = await fixture.SendAsync(TenantEventTypes.Updated, update.ToJsonString());

        var after = await fixture.Directory.FindByNameAsync("acme", CancellationToken.None);
        Assert.Equal(before!.Generation + 1, after!.Generation);
        Assert.Equal(new TenantQuota("16", "32Gi", 40, "40Gi", new TenantObjectCounts()), after.Quota);
        var quota = await fixture.Plan.GetAsync(new ResourceRef("v1", "ResourceQuota", "tenant-acme", "kabin-quota"), CancellationToken.None);
        Assert.Equal("26", (string?)quota!["spec"]!["hard"]!["limits.cpu"]);
        Assert.Equal("39168Mi", (string?)quota["spec"]!["hard"]!["requests.memory"]);
        var bindings = await fixture.Plan.ListAsync(
            "rbac.authorization.k8s.io/v1", "RoleBinding", "tenant-acme", "kabin.dev/binding=owner", CancellationToken.None);
        Assert.Equal(
            ["bob@acme.example", "acme-devs"],
            bindings.Select(binding => (string?)binding["subjects"]![0]!["name"]).OrderByDescending(name => name, StringComparer.Ordinal));
        // Stale bindings are deleted in the order the cluster lists them (by name).
        string[] removed =
        [
            "delete RoleBinding/tenant-acme/" + TenantRbacManifests.OwnerBindingName(new TenantOwner("ServiceAccount", "ci/deployer")),
            "delete RoleBinding/tenant-acme/" + TenantRbacManifests.OwnerBindingName(new TenantOwner("User", "alice@acme.example")),
        ];
        Assert.Equal(removed, fixture.Cluster.Calls.Where(call => call.StartsWith("delete", StringComparison.Ordinal)));
        Assert.Equal(2, (int)TenantFunctionFixture.DataOf(reply)["generation"]!);
    }

    [Fact]
    public async Task Tenant_update_keeps_the_sandboxes_already_in_the_index()
    {
        using var fixture = new TenantFunctionFixture();
        await fixture.SendAsync(TenantEventTypes.Created, Acme);
        var running = new SandboxIndex([new SandboxIndexEntry("job-1", fixture.Time.GetUtcNow().AddHours(1))]);
        await fixture.SeedAsync(SandboxStateKeys.Index("acme"), running, SandboxJsonContext.Default.SandboxIndex);

        await fixture.SendAsync(TenantEventTypes.Updated, """{ "name": "acme", "network": { "egress": "cluster" } }""");

        var index = await fixture.ReadAsync(SandboxStateKeys.Index("acme"), SandboxJsonContext.Default.SandboxIndex);
        Assert.Equal(running.Sandboxes, index!.Sandboxes);
    }

    [Fact]
    public async Task An_update_of_an_unknown_tenant_creates_it()
    {
        using var fixture = new TenantFunctionFixture();

        var reply = await fixture.SendAsync(TenantEventTypes.Updated, """{ "name": "gamma" }""");

        Assert.Equal(TenantEventTypes.Provisioned, reply.Type);
        Assert.Equal(1, (await fixture.Directory.FindByNameAsync("gamma", CancellationToken.None))!.Generation);
    }
}
