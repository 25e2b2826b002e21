using System.Text.Json.Nodes;

namespace Kabin.Tenants;

/// <summary>The tenant's Namespace, labelled with the tenant and with Pod Security Admission at the tenant's level.</summary>
internal static class TenantNamespaceManifest
{
    public static JsonObject Build(TenantRecord tenant)
    {
        var level = tenant.PodSecurity == PodSecurityLevel.Baseline ? "baseline" : "restricted";
        var labels = new JsonObject();
        foreach (var mode in new[] { "enforce", "audit", "warn" })
        {
            labels[$"pod-security.kubernetes.io/{mode}"] = level;
            labels[$"pod-security.kubernetes.io/{mode}-version"] = "latest";
        }

        return TenantManifest.Create("v1", "Namespace", tenant.Namespace, null, tenant.Name, labels);
    }
}
