namespace Kabin.Tenants;

public static partial class TenantSpecValidator
{
    private const int MaxObjects = 100_000;

    private static TenantObjectCounts ValidateObjectCounts(TenantQuotaSpec? quota, TenantDefaults defaults, List<FieldError> errors)
    {
        var services = Count("quota.services", quota?.Services ?? defaults.QuotaServices, errors);
        var nodePorts = Count("quota.nodePorts", quota?.NodePorts ?? defaults.QuotaNodePorts, errors);
        var loadBalancers = Count("quota.loadBalancers", quota?.LoadBalancers ?? defaults.QuotaLoadBalancers, errors);
        if (nodePorts > services)
        {
            errors.Add(new FieldError("quota.nodePorts", $"must be at most quota.services ({services}); it is {nodePorts}."));
        }

        if (loadBalancers > services)
        {
            errors.Add(new FieldError("quota.loadBalancers", $"must be at most quota.services ({services}); it is {loadBalancers}."));
        }

        return new TenantObjectCounts(
            services,
            Count("quota.secrets", quota?.Secrets ?? defaults.QuotaSecrets, errors),
            Count("quota.configMaps", quota?.ConfigMaps ?? defaults.QuotaConfigMaps, errors),
            Count("quota.persistentVolumeClaims", quota?.PersistentVolumeClaims ?? defaults.QuotaPersistentVolumeClaims, errors),
            Count("quota.replicationControllers", quota?.ReplicationControllers ?? defaults.QuotaReplicationControllers, errors),
            nodePorts,
            loadBalancers);
    }

    private static int Count(string field, int count, List<FieldError> errors)
    {
        if (count is < 0 or > MaxObjects)
        {
            errors.Add(new FieldError(field, $"must be between 0 and {MaxObjects}; it is {count}."));
        }

        return count;
    }
}
