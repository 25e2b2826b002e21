namespace Kabin.Tenants;

/// <summary>
/// Object counts in the tenant's ResourceQuota, so that no tenant fills the API server's store:
/// Services, Secrets, ConfigMaps, PersistentVolumeClaims and ReplicationControllers, and the
/// Services that open node ports or cloud load balancers, none unless the tenant is allowed them.
/// </summary>
public sealed record TenantObjectCounts(
    int Services = 20,
    int Secrets = 100,
    int ConfigMaps = 100,
    int PersistentVolumeClaims = 10,
    int ReplicationControllers = 10,
    int NodePorts = 0,
    int LoadBalancers = 0)
{
    /// <summary>The counts where neither the spec nor the configuration says (TenantDefaults starts from these).</summary>
    public static TenantObjectCounts Default { get; } = new();
}
