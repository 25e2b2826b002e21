using System.Text.Json.Nodes;
using Kabin.Tenants;

namespace Kabin.Tests.Tenants;

public sealed class TenantProvisioningFaultTests
{
    private static readonly string Acme = TenantFunctionFixture.Fixture("acme.spec.json");

    [Fact]
    public async Task A_conflict_from_the_cluster_is_retried_and_the_tenant_completes()
    {
        using var fixture = new TenantFunctionFixture();
        fixture.Cluster.FailNextAppliesWithConflict(2);

        var reply = await fixture.SendAsync(TenantEventTypes.Created, Acme);

        Assert.Equal(TenantEventTypes.Provisioned, reply.Type);
        Assert.Equal(3, fixture.Cluster.Calls.Count(call => call == "apply Namespace/tenant-acme"));
    }

    [Fact]
    public async Task Conflicts_beyond_the_attempts_fail_with_409_list_no_tenant_and_the_redelivery_completes_it()
    {
        using var fixture = new TenantFunctionFixture();
        fixture.Cluster.FailNextAppliesWithConflict(3);

        await Assert.ThrowsAsync<ConflictException>(() => fixture.SendAsync(TenantEventTypes.Created, Acme));

        // The policy record was written before the namespace could carry the tenant's label; the tenant is not listed yet.
        Assert.Equal(["save sandboxes/acme", "save tenant-namespace/tenant-acme", "save tenant/acme"], fixture.Store.Writes);
        Assert.Empty(await fixture.IndexedTenantsAsync());
        Assert.Empty(await fixture.Plan.ListAsync("v1", "Namespace", null, "kabin.dev/tenant=acme", CancellationToken.None));

        var reply = await fixture.SendAsync(TenantEventTypes.Created, Acme);

        Assert.Equal(TenantEventTypes.Provisioned, reply.Type);
        Assert.Equal(["acme"], await fixture.IndexedTenantsAsync());
        Assert.Equal(1, (await fixture.Directory.FindByNameAsync("acme", CancellationToken.None))!.Generation);
    }

    [Fact]
    public async Task A_namespace_owned_by_something_else_is_not_taken_over()
    {
        using var fixture = new TenantFunctionFixture();
        await fixture.Plan.ApplyAsync(
            JsonNode.Parse("""{ "apiVersion": "v1", "kind": "Namespace", "metadata": { "name": "tenant-acme" } }""")!.AsObject(),
            CancellationToken.None);

        var reply = await fixture.SendAsync(TenantEventTypes.Created, Acme);

        Assert.Equal(TenantEventTypes.Rejected, reply.Type);
        Assert.Contains("not labelled kabin.dev/tenant=acme", (string?)TenantFunctionFixture.DataOf(reply)["reasons"]![0]!["message"], StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Cluster.Calls, call => call.StartsWith("apply", StringComparison.Ordinal));
        Assert.Empty(fixture.Store.Writes);
    }
}
