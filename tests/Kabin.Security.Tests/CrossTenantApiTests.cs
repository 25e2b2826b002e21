using System.Net;
using System.Text.Json.Nodes;
using Kabin.LocalCluster;
using Kabin.Security.Tests.Support;

namespace Kabin.Security.Tests;

/// <summary>Threat: a tenant's pod calls the JSON API to act on another tenant (on ffd1a99 the API ran with no authentication).</summary>
public sealed class CrossTenantApiTests : IAsyncLifetime
{
    private ClusterWorld _world = null!;

    public async Task InitializeAsync()
    {
        _world = await ClusterWorld.StartAsync();
        foreach (var tenant in new[] { "acme", "beta" })
        {
            var created = await _world.Host.PutJsonAsync($"/tenants/{tenant}", Spec(tenant), KubeApiServerDouble.AdminToken);
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        }
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task A_tenants_pod_cannot_delete_another_tenant_or_touch_its_sandboxes()
    {
        var betaPod = await _world.ServiceAccountTokenAsync("tenant-beta", "ci");

        var delete = await _world.Host.SendJsonAsync(HttpMethod.Delete, "/tenants/acme", null, betaPod);
        var sandbox = await _world.Host.SendJsonAsync(HttpMethod.Post, "/tenants/acme/sandboxes", Sandbox(), betaPod);
        var list = await _world.Host.SendJsonAsync(HttpMethod.Get, "/tenants", null, betaPod);

        Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, sandbox.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _world.Host.SendJsonAsync(HttpMethod.Get, "/tenants/acme", null, KubeApiServerDouble.AdminToken)).StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-token")]
    public async Task A_caller_without_a_valid_token_is_401_even_with_no_setting_in_a_cluster(string? token)
    {
        var delete = await _world.Host.SendJsonAsync(HttpMethod.Delete, "/tenants/acme", null, token);

        Assert.Equal(HttpStatusCode.Unauthorized, delete.StatusCode);
        Assert.NotNull(_world.Cluster.Find("v1", "Namespace", null, "tenant-acme"));
    }

    private static JsonObject Spec(string tenant) => new()
    {
        ["owners"] = new JsonArray(new JsonObject { ["kind"] = "User", ["name"] = $"alice@{tenant}.example" }),
        ["podSecurity"] = "restricted",
        ["runtimeClasses"] = new JsonArray("kata-qemu"),
        ["registries"] = new JsonArray($"ghcr.io/{tenant}/"),
        ["sandboxes"] = new JsonObject { ["max"] = 3, ["maxCpu"] = "2", ["maxMemory"] = "4Gi" },
    };

    private static JsonObject Sandbox() => new() { ["name"] = "steal", ["image"] = "ghcr.io/acme/runner:1", ["ttlSeconds"] = 600 };
}
