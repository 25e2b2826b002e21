using System.Text.Json.Nodes;
using Kabin.Manifests.Tests.Support;
using Kabin.Policy;
using Kabin.Sandboxes;
using Kabin.Tenants;

namespace Kabin.Manifests.Tests;

/// <summary>
/// Runs each function's lifecycle in plan mode, notes every API call it would make, and checks that
/// its ClusterRole in knative/ grants each one: the RBAC is neither missing a permission the code
/// needs nor checked against a list copied from it.
/// </summary>
public sealed class RbacCoverageTests
{
    private const string Tenant = """
        { "name": "acme", "owners": [{ "kind": "User", "name": "alice@acme.example" }],
          "runtimeClasses": ["kata-qemu", "kata-clh"], "defaultRuntimeClass": "kata-qemu",
          "registries": ["ghcr.io/acme/"], "sandboxes": { "max": 5, "maxCpu": "2", "maxMemory": "4Gi" } }
        """;

    private static void AssertGranted(string clusterRole, IEnumerable<(string Verb, string ApiVersion, string Kind)> calls)
    {
        var rules = ManifestSet.Named("rbac.authorization.k8s.io", "ClusterRole", clusterRole).Body["rules"] as JsonArray ?? [];
        foreach (var (verb, apiVersion, kind) in calls.Distinct())
        {
            var group = apiVersion.Contains('/', StringComparison.Ordinal) ? apiVersion.Split('/')[0] : "";
            var resource = kind.ToLowerInvariant() is var lower && lower.EndsWith('y') ? $"{lower[..^1]}ies" : $"{kind.ToLowerInvariant()}s";
            var granted = rules.Any(rule =>
                rule?["resourceNames"] is null
                && Has(rule, "apiGroups", group) && Has(rule, "resources", resource) && Has(rule, "verbs", verb));
            Assert.True(granted, $"The code would {verb} {resource} ({apiVersion}), which ClusterRole {clusterRole} does not grant.");
        }
    }

    private static bool Has(JsonNode? rule, string list, string value) =>
        (rule?[list] as JsonArray ?? []).Any(item => (string?)item == value);

    [Fact]
    public async Task Tenant_lifecycle_needs_only_what_the_tenant_role_grants()
    {
        using var harness = new FunctionHarness("tenant");

        Assert.Equal(TenantEventTypes.Provisioned, await harness.SendAsync(TenantEventTypes.Created, Tenant));
        Assert.Equal(TenantEventTypes.Provisioned, await harness.SendAsync(TenantEventTypes.Updated, Tenant.Replace("\"max\": 5", "\"max\": 6", StringComparison.Ordinal)));
        Assert.Equal(TenantEventTypes.Deprovisioned, await harness.SendAsync(TenantEventTypes.Deleted, """{ "name": "acme" }"""));

        Assert.NotEmpty(harness.Cluster.Calls);
        AssertGranted("kabin-tenant", harness.Cluster.Calls);
    }

    [Fact]
    public async Task Sandbox_lifecycle_needs_only_what_the_sandbox_role_grants()
    {
        using var harness = new FunctionHarness("tenant,sandbox");
        Assert.Equal(TenantEventTypes.Provisioned, await harness.SendAsync(TenantEventTypes.Created, Tenant));
        harness.Cluster.Forget();

        Assert.Equal(SandboxEventTypes.Created, await harness.SendAsync(SandboxEventTypes.Requested, """
            { "tenant": "acme", "name": "build-42", "image": "ghcr.io/acme/runner:1", "command": ["make", "test"],
              "cpu": "1", "memory": "1Gi", "runtimeClass": "kata-clh", "ttlSeconds": 600 }
            """));
        await harness.SendAsync(SandboxEventTypes.Tick, """{ "reason": "reap" }""");
        Assert.Equal(SandboxEventTypes.Deleted, await harness.SendAsync(SandboxEventTypes.StopRequested, """{ "tenant": "acme", "name": "build-42" }"""));

        Assert.NotEmpty(harness.Cluster.Calls);
        AssertGranted("kabin-sandbox", harness.Cluster.Calls);
    }

    [Fact]
    public async Task Policy_checks_and_audits_need_only_what_the_policy_role_grants()
    {
        using var harness = new FunctionHarness("tenant,policy");
        Assert.Equal(TenantEventTypes.Provisioned, await harness.SendAsync(TenantEventTypes.Created, Tenant));
        harness.Cluster.Forget();
        const string Pod = """
            { "apiVersion": "v1", "kind": "Pod", "metadata": { "name": "web", "namespace": "tenant-acme" },
              "spec": { "containers": [{ "name": "web", "image": "docker.io/library/nginx" }] } }
            """;

        Assert.Equal(PolicyEventTypes.Checked, await harness.SendAsync(PolicyEventTypes.CheckRequested, $$"""{ "tenant": "acme", "object": {{Pod}} }"""));
        Assert.Equal(PolicyEventTypes.Violation, await harness.SendAsync(PolicyEventTypes.ResourceUpdated, Pod));

        AssertGranted("kabin-policy", harness.Cluster.Calls);
    }
}
