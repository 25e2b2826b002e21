using System.Text.Json.Nodes;
using Kabin.Sandboxes;
using Kabin.State;
using Kabin.Tenants;

namespace Kabin.Adapters.Tests.Tenants;

public sealed class TenantClusterDeletionTests
{
    [Fact]
    public async Task Tenant_deleted_deletes_its_sandbox_pods_before_its_namespace()
    {
        await using var fixture = await TenantClusterFixture.StartAsync();
        await fixture.SendAsync(TenantEventTypes.Created, TenantClusterFixture.AcmeSpec);
        await SeedSandboxesAsync(fixture, "job-1", "job-2");
        fixture.Server.Seed(Pod("web-0", sandbox: false));
        fixture.Server.ClearRequests();

        var (reply, data) = await fixture.SendAsync(TenantEventTypes.Deleted, """{ "name": "acme" }""");

        Assert.Equal(TenantEventTypes.Deprovisioned, reply.Type);
        Assert.Equal(2, (int)data["sandboxesDeleted"]!);
        // Access first: every RoleBinding into the namespace, then the pods, then the namespace.
        var lines = fixture.RequestLines();
        const string Bindings = "/apis/rbac.authorization.k8s.io/v1/namespaces/tenant-acme/rolebindings";
        var bindingDeletes = lines.Count(line => line.StartsWith("DELETE " + Bindings + "/", StringComparison.Ordinal));
        Assert.True(bindingDeletes >= 2, string.Join(", ", lines));
        Assert.Equal(
            [
                "GET /api/v1/namespaces/tenant-acme",
                "GET " + Bindings,
                .. lines.Skip(2).Take(bindingDeletes),
                "GET /api/v1/namespaces/tenant-acme/pods",
                "GET /api/v1/namespaces/tenant-acme/pods",
                "DELETE /api/v1/namespaces/tenant-acme/pods/job-1",
                "DELETE /api/v1/namespaces/tenant-acme/pods/job-2",
                "DELETE /api/v1/namespaces/tenant-acme",
            ],
            lines);
        Assert.Null(fixture.Server.Find("v1", "Namespace", null, "tenant-acme"));
        Assert.Null(fixture.Server.Find("v1", "Pod", "tenant-acme", "web-0"));
        Assert.Null(await fixture.Store.GetAsync(SandboxStateKeys.Record("acme", "job-1"), CancellationToken.None));
        Assert.Null(await fixture.Store.GetAsync(SandboxStateKeys.Index("acme"), CancellationToken.None));
        Assert.Null(await fixture.Directory.FindByNameAsync("acme", CancellationToken.None));
    }

    [Fact]
    public async Task A_failed_namespace_delete_keeps_the_tenant_record_until_a_redelivery_completes()
    {
        await using var fixture = await TenantClusterFixture.StartAsync();
        await fixture.SendAsync(TenantEventTypes.Created, TenantClusterFixture.AcmeSpec);
        fixture.Server.FailNext(1, 503, request => request is { Method: "DELETE", Path: "/api/v1/namespaces/tenant-acme" });

        await Assert.ThrowsAsync<TransientFailureException>(() => fixture.SendAsync(TenantEventTypes.Deleted, """{ "name": "acme" }"""));
        Assert.NotNull(await fixture.Store.GetAsync(TenantStateKeys.Record("acme"), CancellationToken.None));

        var (_, data) = await fixture.SendAsync(TenantEventTypes.Deleted, """{ "name": "acme" }""");
        var version = await fixture.ServerResourceVersionAsync();
        var (_, again) = await fixture.SendAsync(TenantEventTypes.Deleted, """{ "name": "acme" }""");

        Assert.True((bool)data["existed"]!);
        Assert.False((bool)again["existed"]!);
        Assert.Null(await fixture.Store.GetAsync(TenantStateKeys.Record("acme"), CancellationToken.None));
        Assert.Equal(version, await fixture.ServerResourceVersionAsync());
    }

    private static async Task SeedSandboxesAsync(TenantClusterFixture fixture, params string[] names)
    {
        foreach (var name in names)
        {
            fixture.Server.Seed(Pod(name, sandbox: true));
            await fixture.Store.SaveAsync(
                SandboxStateKeys.Record("acme", name), new JsonObject { ["name"] = name }, KabinJsonContext.Default.JsonObject, CancellationToken.None);
        }

        var index = new SandboxIndex([.. names.Select(name => new SandboxIndexEntry(name, fixture.Time.GetUtcNow().AddHours(1)))]);
        await fixture.Store.SaveAsync(SandboxStateKeys.Index("acme"), index, SandboxJsonContext.Default.SandboxIndex, CancellationToken.None);
    }

    private static JsonObject Pod(string name, bool sandbox)
    {
        var labels = new JsonObject { ["kabin.dev/tenant"] = "acme" };
        if (sandbox)
        {
            labels["kabin.dev/sandbox"] = name;
        }

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "tenant-acme", ["labels"] = labels },
            ["spec"] = new JsonObject
            {
                ["runtimeClassName"] = "kata-qemu",
                ["containers"] = new JsonArray(new JsonObject { ["name"] = "main", ["image"] = "ghcr.io/acme/job:1" }),
            },
        };
    }
}
