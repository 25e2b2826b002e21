using Kabin.Tenants;

namespace Kabin.Tests.Tenants;

public sealed class TenantRejectionTests
{
    [Fact]
    public async Task An_invalid_spec_is_rejected_with_every_reason_and_changes_nothing()
    {
        using var fixture = new TenantFunctionFixture();

        var reply = await fixture.SendAsync(TenantEventTypes.Created, """
            { "name": "acme", "podSecurity": "privileged", "runtimeClasses": ["runc"],
              "quota": { "cpu": "lots", "pods": 0 }, "network": { "egress": "everywhere" } }
            """);

        Assert.Equal(TenantEventTypes.Rejected, reply.Type);
        Assert.Equal("acme", reply.Subject);
        var fields = TenantFunctionFixture.DataOf(reply)["reasons"]!.AsArray().Select(reason => (string?)reason!["field"]);
        Assert.Equal(
            ["podSecurity", "runtimeClasses[0]", "quota.cpu", "quota.pods", "sandboxes.max", "network.egress"],
            fields);
        Assert.Empty(fixture.Cluster.Calls);
        Assert.Empty(fixture.Store.Writes);
    }

    [Theory]
    [InlineData("[1, 2]")]
    [InlineData("""{ "name": 5 }""")]
    [InlineData("""{ "name": "acme", "runtimeClass": "kata-qemu" }""")]
    [InlineData("""{ "name": "acme", "quota": { "pods": "twenty" } }""")]
    [InlineData("""{ "name": "acme", "owners": [{ "kind": "User", "name": "a", "role": "admin" }] }""")]
    [InlineData(null)]
    public async Task Data_that_is_not_a_tenant_spec_is_a_422(string? json)
    {
        using var fixture = new TenantFunctionFixture();

        await Assert.ThrowsAsync<InvalidEventDataException>(() => fixture.SendAsync(TenantEventTypes.Created, json));

        Assert.Empty(fixture.Cluster.Calls);
        Assert.Empty(fixture.Store.Writes);
    }

    [Theory]
    [InlineData("""{ }""")]
    [InlineData("""{ "name": "Kube-System" }""")]
    [InlineData("""{ "name": "kabin-system" }""")]
    public async Task Deleting_with_an_invalid_name_is_rejected(string json)
    {
        using var fixture = new TenantFunctionFixture();

        var reply = await fixture.SendAsync(TenantEventTypes.Deleted, json);

        Assert.Equal(TenantEventTypes.Rejected, reply.Type);
        Assert.NotEmpty(TenantFunctionFixture.DataOf(reply)["reasons"]!.AsArray());
        Assert.Empty(fixture.Cluster.Calls);
    }
}
