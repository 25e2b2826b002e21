using System.Text.Json.Nodes;

namespace Kabin.Tenants;

/// <summary>
/// Every object a tenant needs, in the order they must be applied: the Namespace first (everything
/// else lives in it), then the ResourceQuota and LimitRange (before any workload could be
/// admitted), the NetworkPolicies (deny first), the ServiceAccount and the RoleBindings, and last
/// the tenant's EventPolicy on the Broker, once everything it lets the tenant's senders reach exists.
/// </summary>
public static class TenantManifests
{
    public static IReadOnlyList<JsonObject> Build(TenantRecord tenant, TenantOptions options)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(options);
        JsonObject[] manifests =
        [
            TenantNamespaceManifest.Build(tenant),
            TenantResourceQuotaManifest.Build(tenant, options),
            TenantLimitRangeManifest.Build(tenant, options),
            .. TenantNetworkPolicyManifests.Build(tenant, options),
            .. TenantRbacManifests.Build(tenant, options),
        ];
        return TenantEventPolicyManifest.Build(tenant, options) is { } eventPolicy ? [.. manifests, eventPolicy] : manifests;
    }
}
