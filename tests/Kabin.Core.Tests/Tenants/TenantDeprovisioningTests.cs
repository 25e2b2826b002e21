using System.Text.Json.Nodes;
using Kabin.Cluster;
using Kabin.Sandboxes;
using Kabin.Tenants;

namespace Kabin.Tests.Tenants;

public sealed class TenantDeprovisioningTests
{
    private const string DeleteAcme = """{ "name": "acme" }""";

    [Fact]
    public async Task Tenant_deleted_removes_access_then_sandbox_pods_then_sandbox_state_then_namespace_then_records()
    {
        using var fixture = new TenantFunctionFixture();
        await fixture.SendAsync(TenantEventTypes.Created, TenantFunctionFixture.Fixture("acme.spec.json"));
        await SeedSandboxAsync(fixture, "job-1");
        await SeedSandboxAsync(fixture, "job-2");
        var bindings = await fixture.Plan.ListAsync("rbac.authorization.k8s.io/v1", "RoleBinding", "tenant-acme", "kabin.dev/binding", CancellationToken.None);
        Assert.True(bindings.Count >= 2, "the tenant's service account and its owners are bound");
        var writesBefore = fixture.Store.Writes.Count;
        var callsBefore = fixture.Cluster.Calls.Count;

        var reply = await fixture.SendAsync(TenantEventTypes.Deleted, DeleteAcme);

        Assert.Equal(TenantEventTypes.Deprovisioned, reply.Type);
        Assert.Equal("acme", reply.Subject);
        var data = TenantFunctionFixture.DataOf(reply);
        Assert.True((bool)data["existed"]!);
        Assert.Equal(2, (int)data["sandboxesDeleted"]!);
        Assert.Equal(
            [
                "list RoleBinding/tenant-acme kabin.dev/tenant=acme,kabin.dev/binding",
                .. bindings.Select(binding => $"delete RoleBinding/tenant-acme/{binding["metadata"]!["name"]}"),
                "list Pod/tenant-acme kabin.dev/tenant=acme,kabin.dev/sandbox",
                "list Pod/tenant-acme kabin.dev/tenant=acme,kabin.dev/pool",
                "delete Pod/tenant-acme/job-1",
                "delete Pod/tenant-acme/job-2",
                "delete Namespace/tenant-acme",
            ],
            fixture.Cluster.Calls.Skip(callsBefore));
        Assert.Equal(
            [
                "save tenant-tombstone/acme",
                "delete sandbox/acme/job-1", "delete sandbox/acme/job-2", "delete sandboxes/acme",
                "delete tenant-namespace/tenant-acme", "delete tenant/acme", "save " + TenantIndexShards.KeyOf("acme"),
                "save tenant-tombstone/acme",
            ],
            fixture.Store.Writes.Skip(writesBefore));
        Assert.Null(await fixture.Directory.FindByNameAsync("acme", CancellationToken.None));
        Assert.Null(await fixture.Directory.FindByNamespaceAsync("tenant-acme", CancellationToken.None));
        Assert.Empty(await fixture.IndexedTenantsAsync());
        Assert.Empty(await fixture.Plan.ListAsync("v1", "Pod", null, "kabin.dev/tenant=acme", CancellationToken.None));
    }

    [Fact]
    public async Task Tenant_deleted_again_changes_nothing_and_still_replies_deprovisioned()
    {
        using var fixture = new TenantFunctionFixture();
        await fixture.SendAsync(TenantEventTypes.Created, """{ "name": "acme" }""");
        await fixture.SendAsync(TenantEventTypes.Deleted, DeleteAcme);
        var writesBefore = fixture.Store.Writes.Count;

        var second = await fixture.SendAsync(TenantEventTypes.Deleted, DeleteAcme);
        var third = await fixture.SendAsync(TenantEventTypes.Deleted, DeleteAcme);

        foreach (var reply in new[] { second, third })
        {
            Assert.Equal(TenantEventTypes.Deprovisioned, reply.Type);
            Assert.False((bool)TenantFunctionFixture.DataOf(reply)["existed"]!);
        }

        Assert.Equal(writesBefore, fixture.Store.Writes.Count);
    }

    [Fact]
    public async Task Deleting_an_unknown_tenant_replies_deprovisioned_and_writes_only_its_tombstone()
    {
        using var fixture = new TenantFunctionFixture();

        var reply = await fixture.SendAsync(TenantEventTypes.Deleted, DeleteAcme);

        Assert.Equal(TenantEventTypes.Deprovisioned, reply.Type);
        var data = TenantFunctionFixture.DataOf(reply);
        Assert.Equal("tenant-acme", (string?)data["namespace"]);
        Assert.False((bool)data["existed"]!);
        // A deletion that overtook its tenant's creation still refuses that older creation when it comes.
        Assert.Equal(["save tenant-tombstone/acme", "save tenant-tombstone/acme"], fixture.Store.Writes);
    }

    [Fact]
    public async Task Deleting_a_tenant_whose_record_was_never_written_still_removes_its_namespace()
    {
        using var fixture = new TenantFunctionFixture();
        // A delivery that applied the namespace and then failed before writing any state.
        await fixture.Plan.ApplyAsync(
            JsonNode.Parse("""{ "apiVersion": "v1", "kind": "Namespace", "metadata": { "name": "tenant-acme", "labels": { "kabin.dev/tenant": "acme" } } }""")!.AsObject(),
            CancellationToken.None);

        var reply = await fixture.SendAsync(TenantEventTypes.Deleted, DeleteAcme);

        Assert.True((bool)TenantFunctionFixture.DataOf(reply)["existed"]!);
        Assert.Null(await fixture.Plan.GetAsync(new ResourceRef("v1", "Namespace", null, "tenant-acme"), CancellationToken.None));
    }

    private static async Task SeedSandboxAsync(TenantFunctionFixture fixture, string name)
    {
        await fixture.Plan.ApplyAsync(JsonNode.Parse($$"""
            { "apiVersion": "v1", "kind": "Pod",
              "metadata": { "name": "{{name}}", "namespace": "tenant-acme",
                            "labels": { "kabin.dev/tenant": "acme", "kabin.dev/sandbox": "{{name}}" } } }
            """)!.AsObject(), CancellationToken.None);
        var index = await fixture.ReadAsync(SandboxStateKeys.Index("acme"), SandboxJsonContext.Default.SandboxIndex);
        await fixture.SeedAsync(
            SandboxStateKeys.Index("acme"),
            new SandboxIndex([.. index!.Sandboxes, new SandboxIndexEntry(name, fixture.Time.GetUtcNow().AddHours(1))]),
            SandboxJsonContext.Default.SandboxIndex);
        // The sandbox function owns the record's shape; deletion only needs the key to exist.
        await fixture.SeedAsync(
            SandboxStateKeys.Record("acme", name), new JsonObject { ["name"] = name }, KabinJsonContext.Default.JsonObject);
    }

    [Fact]
    public async Task The_same_deletion_delivered_again_answers_what_it_answered_the_first_time()
    {
        using var fixture = new TenantFunctionFixture();
        await fixture.SendAsync(TenantEventTypes.Created, """{ "name": "acme" }""");
        var deletion = TenantFunctionFixture.Event(TenantEventTypes.Deleted, DeleteAcme);
        var first = (await fixture.Handler.HandleAsync(deletion, CancellationToken.None)).Reply!;
        fixture.Time.Advance(TimeSpan.FromMinutes(1));
        var writes = fixture.Store.Writes.Count;

        var again = (await fixture.Handler.HandleAsync(deletion, CancellationToken.None)).Reply!;

        Assert.Equal((first.Id, first.Type, first.Time), (again.Id, again.Type, again.Time));
        Assert.True((bool)TenantFunctionFixture.DataOf(again)["existed"]!, "the redelivery reports what the deletion did");
        Assert.Equal(writes, fixture.Store.Writes.Count);
    }
}
