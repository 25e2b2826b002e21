using System.Text.Json.Nodes;
using Kabin.Tenants;

namespace Kabin.Policy;

/// <summary><c>tenancy/namespace</c>: the object lives in the tenant's own namespace.</summary>
internal static class NamespaceRule
{
    public static void Check(JsonObject workload, TenantRecord tenant, List<PolicyViolation> sink)
    {
        var ns = JsonNav.String(JsonNav.Object(workload, "metadata"), "namespace");
        if (!string.Equals(ns, tenant.Namespace, StringComparison.Ordinal))
        {
            sink.Add(new PolicyViolation(PolicyRules.Namespace, "metadata.namespace",
                string.IsNullOrEmpty(ns)
                    ? $"The object names no namespace. Set metadata.namespace to tenant '{tenant.Name}''s namespace '{tenant.Namespace}'."
                    : $"Namespace '{ns}' does not belong to tenant '{tenant.Name}'. Set metadata.namespace to '{tenant.Namespace}'."));
        }
    }
}
