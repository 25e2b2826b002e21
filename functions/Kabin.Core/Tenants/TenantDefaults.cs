namespace Kabin.Tenants;

/// <summary>
/// What a tenant gets for each field its spec leaves out (section <c>Kabin:Tenants:Defaults</c>).
/// Lists are null here and resolved in code, because configuration binding appends to a list
/// instead of replacing it.
/// </summary>
public sealed class TenantDefaults
{
    /// <summary>Pod Security level; default <c>restricted</c>.</summary>
    public string PodSecurity { get; set; } = "restricted";

    /// <summary>Allowed runtime classes; null means <c>[kata-qemu]</c>.</summary>
    public string[]? RuntimeClasses { get; set; }

    /// <summary>The default class; null means the first allowed class.</summary>
    public string? DefaultRuntimeClass { get; set; }

    /// <summary>Registry prefixes; null means none, i.e. any registry.</summary>
    public string[]? Registries { get; set; }

    public string QuotaCpu { get; set; } = "4";

    public string QuotaMemory { get; set; } = "8Gi";

    public int QuotaPods { get; set; } = 20;

    /// <summary>The namespace's <c>ephemeral-storage</c> requests and limits.</summary>
    public string QuotaEphemeralStorage { get; set; } = TenantQuota.DefaultEphemeralStorage;

    /// <summary>Object counts; node ports and load balancers are 0, none, unless a tenant's spec allows them.</summary>
    public int QuotaServices { get; set; } = TenantObjectCounts.Default.Services;

    public int QuotaSecrets { get; set; } = TenantObjectCounts.Default.Secrets;

    public int QuotaConfigMaps { get; set; } = TenantObjectCounts.Default.ConfigMaps;

    public int QuotaPersistentVolumeClaims { get; set; } = TenantObjectCounts.Default.PersistentVolumeClaims;

    public int QuotaReplicationControllers { get; set; } = TenantObjectCounts.Default.ReplicationControllers;

    public int QuotaNodePorts { get; set; } = TenantObjectCounts.Default.NodePorts;

    public int QuotaLoadBalancers { get; set; } = TenantObjectCounts.Default.LoadBalancers;

    public int SandboxMax { get; set; } = 5;

    public string SandboxMaxCpu { get; set; } = "2";

    public string SandboxMaxMemory { get; set; } = "4Gi";

    /// <summary>Whether admitted containers always pull their images; default true.</summary>
    public bool AlwaysPullImages { get; set; } = true;

    /// <summary>Egress; default <c>none</c> (DNS and the tenant's own namespace only).</summary>
    public string Egress { get; set; } = "none";

    /// <summary>Size of a warm pool's members when the pool names none.</summary>
    public string WarmPoolCpu { get; set; } = "1";

    public string WarmPoolMemory { get; set; } = "1Gi";

    /// <summary>The CPU limit a container without one gets (LimitRange default); capped at the largest sandbox.</summary>
    public string ContainerCpu { get; set; } = "1";

    /// <summary>The memory limit a container without one gets; Kata sizes the VM from it.</summary>
    public string ContainerMemory { get; set; } = "1Gi";

    /// <summary>The CPU request a container without one gets; capped at the default limit.</summary>
    public string ContainerRequestCpu { get; set; } = "250m";

    /// <summary>The memory request a container without one gets; capped at the default limit.</summary>
    public string ContainerRequestMemory { get; set; } = "256Mi";

    /// <summary>
    /// The <c>ephemeral-storage</c> limit and request a container without them gets: the quota
    /// counts local storage, and a pod that names none would otherwise be refused by it.
    /// </summary>
    public string ContainerEphemeralStorage { get; set; } = "2Gi";

    public string ContainerRequestEphemeralStorage { get; set; } = "1Gi";

    public IReadOnlyList<string> EffectiveRuntimeClasses => RuntimeClasses is { Length: > 0 } classes ? classes : ["kata-qemu"];

    public IReadOnlyList<string> EffectiveRegistries => Registries ?? [];
}
