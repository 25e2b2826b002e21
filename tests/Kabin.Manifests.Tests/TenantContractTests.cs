using System.Text.Json.Nodes;
using Kabin.Manifests.Tests.Support;
using Kabin.Quantities;
using Kabin.Tenants;

namespace Kabin.Manifests.Tests;

/// <summary>What the tenant function assumes about the cluster against what knative/ installs.</summary>
public sealed class TenantContractTests
{
    [Fact]
    public void Runtime_classes_charge_the_overhead_the_tenant_function_adds_to_quotas()
    {
        var assumed = new TenantOptions().RuntimeClassOverheads;

        var installed = ManifestSet.OfKind("node.k8s.io", "RuntimeClass").ToDictionary(manifest => manifest.Name, StringComparer.Ordinal);

        Assert.Equal(assumed.Keys.Order(StringComparer.Ordinal), installed.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, overhead) in assumed)
        {
            var podFixed = installed[name].Body["overhead"]?["podFixed"];
            Assert.Equal(ResourceQuantity.Parse(overhead.Cpu), ResourceQuantity.Parse((string?)podFixed?["cpu"] ?? ""));
            Assert.Equal(ResourceQuantity.Parse(overhead.Memory), ResourceQuantity.Parse((string?)podFixed?["memory"] ?? ""));
            Assert.Equal(name, (string?)installed[name].Body["handler"]);
        }
    }

    [Fact]
    public void Owners_role_the_tenant_function_binds_is_installed_and_bindable_by_it()
    {
        var role = new TenantOptions().AdminClusterRole;

        ManifestSet.Named("rbac.authorization.k8s.io", "ClusterRole", role);
        var tenant = ManifestSet.Named("rbac.authorization.k8s.io", "ClusterRole", "kabin-tenant");
        var bindable = (tenant.Body["rules"] as JsonArray ?? [])
            .Where(rule => (rule?["verbs"] as JsonArray ?? []).Any(verb => (string?)verb == "bind"))
            .SelectMany(rule => rule?["resourceNames"] as JsonArray ?? [])
            .Select(name => (string?)name);
        Assert.Contains(role, bindable);
    }
}
