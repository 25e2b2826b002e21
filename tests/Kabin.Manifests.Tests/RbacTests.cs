using System.Text.Json.Nodes;
using Kabin.Manifests.Tests.Support;

namespace Kabin.Manifests.Tests;

/// <summary>The identities the workloads run as against the RBAC that grants them.</summary>
public sealed class RbacTests
{
    private const string Rbac = "rbac.authorization.k8s.io";

    private static readonly string[] s_ruleLists = ["apiGroups", "resources", "verbs"];

    private static readonly string[] s_agentSandboxGroups = ["agents.x-k8s.io", "extensions.agents.x-k8s.io"];

    /// <summary>Each workload identity and the one ClusterRole it must hold (admission is the policy function).</summary>
    public static TheoryData<string, string> Identities() => new()
    {
        { "kabin-tenant", "kabin-tenant" },
        { "kabin-policy", "kabin-policy" },
        { "kabin-admission", "kabin-policy" },
        { "kabin-sandbox", "kabin-sandbox" },
        { "kabin-apiserver-source", "kabin-apiserver-source" },
    };

    /// <summary>The roles bound to a service account by the shipped manifests, or (<paramref name="features"/>) by the optional ones in <c>features/</c>.</summary>
    private static IEnumerable<string> RolesOf(string serviceAccount, string bindingKind = "ClusterRoleBinding", bool features = false) =>
        ManifestSet.All
            .Where(manifest => manifest.Group == Rbac && manifest.Kind == bindingKind
                && manifest.File.Contains("/features/", StringComparison.Ordinal) == features)
            .Where(binding => (binding.Body["subjects"] as JsonArray ?? []).Any(subject =>
                (string?)subject?["kind"] == "ServiceAccount" && (string?)subject?["name"] == serviceAccount && (string?)subject?["namespace"] == "kabin-system"))
            .Select(binding => (string?)binding.Body["roleRef"]?["name"] ?? "");

    [Fact]
    public void Every_service_account_a_workload_runs_as_exists()
    {
        var accounts = ManifestSet.OfKind("", "ServiceAccount").Select(manifest => $"{manifest.Namespace}/{manifest.Name}").ToHashSet(StringComparer.Ordinal);
        var workloads = ManifestSet.OfKind("serving.knative.dev", "Service")
            .Select(manifest => (manifest, Account: (string?)manifest.Body["spec"]?["template"]?["spec"]?["serviceAccountName"]))
            .Concat(ManifestSet.OfKind("sources.knative.dev", "ApiServerSource")
                .Select(manifest => (manifest, Account: (string?)manifest.Body["spec"]?["serviceAccountName"])))
            .ToList();

        Assert.NotEmpty(workloads);
        Assert.All(workloads, workload =>
        {
            Assert.False(string.IsNullOrEmpty(workload.Account), $"{workload.manifest} runs as the namespace's default account; give it its own.");
            Assert.Contains($"{workload.manifest.Namespace}/{workload.Account}", accounts);
        });
        var shared = workloads.GroupBy(workload => workload.Account).Where(group => group.Count() > 1 && group.Key != "kabin-apiserver-source");
        Assert.Empty(shared);
    }

    [Theory]
    [MemberData(nameof(Identities))]
    public void Each_identity_holds_exactly_its_own_role(string serviceAccount, string clusterRole)
    {
        var roles = RolesOf(serviceAccount).ToList();

        Assert.Equal([clusterRole], roles);
        ManifestSet.Named(Rbac, "ClusterRole", clusterRole);
    }

    [Fact]
    public void The_agent_sandbox_backend_adds_the_sandbox_function_agent_sandbox_kinds_only()
    {
        var granted = Identities().Select(row => (string)row[0]).Where(account => RolesOf(account, features: true).Any()).ToList();
        var role = ManifestSet.Named(Rbac, "ClusterRole", "kabin-sandbox-agent-sandbox");

        Assert.Equal(["kabin-sandbox"], granted);
        Assert.Equal(["kabin-sandbox-agent-sandbox"], RolesOf("kabin-sandbox", features: true));
        Assert.All(role.Body["rules"]!.AsArray(), rule => Assert.All(rule!["apiGroups"]!.AsArray(),
            group => Assert.Contains((string?)group, s_agentSandboxGroups)));
        Assert.DoesNotContain(role.Body["rules"]!.AsArray().SelectMany(rule => rule!["verbs"]!.AsArray()), verb => (string?)verb is "*" or "escalate" or "bind");
    }

    [Fact]
    public void Only_the_tenant_function_holds_a_namespaced_role_and_it_grants_only_event_policies_in_kabin_system()
    {
        var holders = Identities().Select(row => (string)row[0]).Where(account => RolesOf(account, "RoleBinding").Any()).ToList();
        var role = ManifestSet.Named(Rbac, "Role", "kabin-tenant-eventpolicies");

        Assert.Equal(["kabin-tenant"], holders);
        Assert.Equal(["kabin-tenant-eventpolicies"], RolesOf("kabin-tenant", "RoleBinding"));
        Assert.Equal("kabin-system", role.Namespace);
        var rule = Assert.Single(role.Body["rules"]!.AsArray())!;
        Assert.Equal(["eventpolicies"], rule["resources"]!.AsArray().Select(r => (string?)r));
    }

    [Fact]
    public void Every_binding_refers_to_a_role_and_accounts_that_exist()
    {
        var accounts = ManifestSet.OfKind("", "ServiceAccount").Select(manifest => $"{manifest.Namespace}/{manifest.Name}").ToHashSet(StringComparer.Ordinal);
        var roles = ManifestSet.OfKind(Rbac, "ClusterRole").Select(manifest => manifest.Name).ToHashSet(StringComparer.Ordinal);

        var bindings = ManifestSet.OfKind(Rbac, "ClusterRoleBinding").ToList();

        Assert.NotEmpty(bindings);
        Assert.All(bindings, binding =>
        {
            Assert.Contains((string?)binding.Body["roleRef"]?["name"] ?? "", roles);
            Assert.All(binding.Body["subjects"] as JsonArray ?? [], subject => Assert.Contains($"{subject?["namespace"]}/{subject?["name"]}", accounts));
        });
    }

    [Fact]
    public void No_kabin_role_grants_wildcards_and_the_sandbox_role_grants_pods_only()
    {
        var roles = ManifestSet.OfKind(Rbac, "ClusterRole").ToList();

        Assert.All(roles, role => Assert.All(role.Body["rules"] as JsonArray ?? [], rule =>
        {
            foreach (var field in s_ruleLists)
            {
                Assert.DoesNotContain("*", (rule?[field] as JsonArray ?? []).Select(item => (string?)item));
            }
        }));
        var sandbox = ManifestSet.Named(Rbac, "ClusterRole", "kabin-sandbox");
        var resources = (sandbox.Body["rules"] as JsonArray ?? []).SelectMany(rule => rule?["resources"] as JsonArray ?? []).Select(item => (string?)item).Distinct();
        Assert.Equal(["pods"], resources);
    }

    [Fact]
    public void Tenant_function_may_bind_the_tenant_admin_and_sandbox_exec_roles_and_nothing_else()
    {
        var tenant = ManifestSet.Named(Rbac, "ClusterRole", "kabin-tenant");

        var bindRules = (tenant.Body["rules"] as JsonArray ?? [])
            .Where(rule => (rule?["verbs"] as JsonArray ?? []).Any(verb => (string?)verb is "bind" or "escalate"))
            .ToList();

        var rule = Assert.Single(bindRules);
        Assert.Equal(["bind"], (rule?["verbs"] as JsonArray ?? []).Select(item => (string?)item));
        Assert.Equal(["clusterroles"], (rule?["resources"] as JsonArray ?? []).Select(item => (string?)item));
        Assert.Equal(["kabin-tenant-admin", "kabin-sandbox-exec"], (rule?["resourceNames"] as JsonArray ?? []).Select(item => (string?)item));
        ManifestSet.Named(Rbac, "ClusterRole", "kabin-tenant-admin");
        ManifestSet.Named(Rbac, "ClusterRole", "kabin-sandbox-exec");
    }

    [Fact]
    public void Exec_is_granted_on_pods_exec_only_and_never_bound_cluster_wide()
    {
        var exec = ManifestSet.Named(Rbac, "ClusterRole", "kabin-sandbox-exec");
        var sandbox = ManifestSet.Named(Rbac, "ClusterRole", "kabin-sandbox");

        var rule = Assert.Single(exec.Body["rules"]!.AsArray());
        Assert.Equal(["pods/exec"], rule!["resources"]!.AsArray().Select(item => (string?)item));
        Assert.Equal(["create", "get"], rule["verbs"]!.AsArray().Select(item => (string?)item));
        Assert.DoesNotContain(ManifestSet.OfKind(Rbac, "ClusterRoleBinding"), binding => binding.Body["roleRef"]?["name"]?.ToString() == "kabin-sandbox-exec");
        Assert.DoesNotContain(sandbox.Body["rules"]!.AsArray(), r => r!["resources"]!.AsArray().Any(item => ((string?)item)?.Contains('/', StringComparison.Ordinal) == true));
    }
}
