using System.Net;
using System.Text.Json.Nodes;
using Kabin.LocalCluster;
using Kabin.Security.Tests.Support;

namespace Kabin.Security.Tests;

/// <summary>
/// Threat: a producer the Broker admits names another tenant in a sandbox event (on ffd1a99 any
/// sender could act for any tenant). Each tenant's EventPolicy admits its service accounts only with
/// <c>kabintenant</c> naming it; the host refuses data that names another tenant than that attribute.
/// </summary>
public sealed class SenderBindingTests
{
    [Theory]
    [InlineData("beta", 422)]
    [InlineData(null, 422)]
    public async Task A_sandbox_event_acting_for_another_tenant_than_its_attribute_is_refused(string? attribute, int expected)
    {
        await using var host = await AttackedHost.StartAsync("--Kabin:Sandboxes:RequireTenantAttribute=true");
        Assert.Equal(HttpStatusCode.Created, (await host.PutJsonAsync("/tenants/acme", Spec())).StatusCode);

        var response = await SendAsync(host, attribute, """{"tenant":"acme","name":"box","image":"ghcr.io/acme/runner:1"}""");
        var allowed = await SendAsync(host, "acme", """{"tenant":"acme","name":"box","image":"ghcr.io/acme/runner:1"}""");

        Assert.Equal(expected, (int)response.StatusCode);
        Assert.Contains("kabintenant", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(allowed.IsSuccessStatusCode, await allowed.Content.ReadAsStringAsync());
        Assert.Equal("dev.kabin.sandbox.created", allowed.Headers.GetValues("ce-type").Single());
    }

    [Fact]
    public async Task Onboarding_applies_the_tenants_event_policy_and_offboarding_removes_it_first()
    {
        await using var world = await ClusterWorld.StartAsync("--Kabin:Tenants:BrokerNamespace=kabin-system");
        await world.ClusterAsync(HttpMethod.Post, "api/v1/namespaces", new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = "kabin-system" },
        });

        Assert.Equal(HttpStatusCode.Created, (await world.Host.PutJsonAsync("/tenants/acme", Spec(), KubeApiServerDouble.AdminToken)).StatusCode);
        var policy = world.Cluster.Find("eventing.knative.dev/v1alpha1", "EventPolicy", "kabin-system", "kabin-tenant-acme");
        Assert.Equal(HttpStatusCode.NoContent, (await world.Host.SendJsonAsync(HttpMethod.Delete, "/tenants/acme", null, KubeApiServerDouble.AdminToken)).StatusCode);

        Assert.NotNull(policy);
        Assert.Equal("system:serviceaccount:tenant-acme:*", policy["spec"]!["from"]![0]!["sub"]!.GetValue<string>());
        Assert.Equal("acme", policy["spec"]!["filters"]![0]!["all"]![0]!["exact"]!["kabintenant"]!.GetValue<string>());
        Assert.Equal("kabin", policy["spec"]!["to"]![0]!["ref"]!["name"]!.GetValue<string>());
        Assert.Null(world.Cluster.Find("eventing.knative.dev/v1alpha1", "EventPolicy", "kabin-system", "kabin-tenant-acme"));
    }

    private static Task<HttpResponseMessage> SendAsync(AttackedHost host, string? tenantAttribute, string data) =>
        host.Client.SendAsync(AttackedHost.Event("dev.kabin.sandbox.requested", data, null, ("ce-kabintenant", tenantAttribute)));

    private static JsonObject Spec() => new()
    {
        ["owners"] = new JsonArray(new JsonObject { ["kind"] = "User", ["name"] = "alice@acme.example" }),
        ["podSecurity"] = "restricted",
        ["runtimeClasses"] = new JsonArray("kata-qemu"),
        ["registries"] = new JsonArray("ghcr.io/acme/"),
        ["sandboxes"] = new JsonObject { ["max"] = 3, ["maxCpu"] = "2", ["maxMemory"] = "4Gi" },
    };
}
