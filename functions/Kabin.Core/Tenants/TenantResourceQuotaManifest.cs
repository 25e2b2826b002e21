using System.Text.Json.Nodes;
using Kabin.Quantities;

namespace Kabin.Tenants;

/// <summary>
/// The tenant's ResourceQuota. Kubernetes charges a RuntimeClass's pod overhead to the quota of
/// every pod that uses it, so a quota of exactly the tenant's budget would shrink by one VM's
/// overhead per pod. The quota therefore adds the worst case on top:
/// <code>
/// cpu    = quota.cpu    + max(overhead.cpu    of the tenant's classes) × quota.pods
/// memory = quota.memory + max(overhead.memory of the tenant's classes) × quota.pods
/// </code>
/// for both <c>requests.*</c> and <c>limits.*</c>, and <c>pods = quota.pods</c>. Local storage
/// (<c>ephemeral-storage</c>) and object counts are as the tenant's quota says, node ports and
/// load balancers 0 unless allowed, and one ResourceQuota (this one). The maxima are
/// taken per resource, so the sum is an upper bound whichever class each pod uses. Example:
/// 8 CPU, 16Gi, 20 pods with kata-qemu (250m/160Mi) and kata-clh (250m/130Mi) gives
/// 8 + 20 × 250m = 13 CPU and 16Gi + 20 × 160Mi = 19584Mi.
/// </summary>
internal static class TenantResourceQuotaManifest
{
    public const string Name = "kabin-quota";

    public static (ResourceQuantity Cpu, ResourceQuantity Memory) Budget(TenantRecord tenant, TenantOptions options)
    {
        var overheadCpu = ResourceQuantity.Zero;
        var overheadMemory = ResourceQuantity.Zero;
        foreach (var runtimeClass in tenant.RuntimeClasses)
        {
            var overhead = options.RuntimeClassOverheads[runtimeClass];
            overheadCpu = Max(overheadCpu, ResourceQuantity.Parse(overhead.Cpu));
            overheadMemory = Max(overheadMemory, ResourceQuantity.Parse(overhead.Memory));
        }

        return (ResourceQuantity.Parse(tenant.Quota.Cpu) + (overheadCpu * tenant.Quota.Pods),
            ResourceQuantity.Parse(tenant.Quota.Memory) + (overheadMemory * tenant.Quota.Pods));
    }

    public static JsonObject Build(TenantRecord tenant, TenantOptions options)
    {
        var (cpu, memory) = Budget(tenant, options);
        var objects = tenant.Quota.Counts;
        var manifest = TenantManifest.Create("v1", "ResourceQuota", Name, tenant.Namespace, tenant.Name);
        manifest["spec"] = new JsonObject
        {
            ["hard"] = new JsonObject
            {
                ["requests.cpu"] = cpu.ToCpuString(),
                ["limits.cpu"] = cpu.ToCpuString(),
                ["requests.memory"] = memory.ToMemoryString(),
                ["limits.memory"] = memory.ToMemoryString(),
                ["pods"] = Text(tenant.Quota.Pods),
                ["requests.ephemeral-storage"] = tenant.Quota.EphemeralStorage,
                ["limits.ephemeral-storage"] = tenant.Quota.EphemeralStorage,
                ["services"] = Text(objects.Services),
                ["services.nodeports"] = Text(objects.NodePorts),
                ["services.loadbalancers"] = Text(objects.LoadBalancers),
                ["secrets"] = Text(objects.Secrets),
                ["configmaps"] = Text(objects.ConfigMaps),
                ["persistentvolumeclaims"] = Text(objects.PersistentVolumeClaims),
                ["replicationcontrollers"] = Text(objects.ReplicationControllers),
                // Kabin's own quota is the one there is: a second would only ever tighten it, and
                // tenants may not create quotas anyway (kabin-tenant-admin reads them only).
                ["resourcequotas"] = "1",
            },
        };
        return manifest;
    }

    private static string Text(int count) => count.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static ResourceQuantity Max(ResourceQuantity left, ResourceQuantity right) => left >= right ? left : right;
}
