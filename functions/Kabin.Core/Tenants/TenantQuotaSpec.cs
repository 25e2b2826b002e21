using System.Text.Json.Serialization;

namespace Kabin.Tenants;

/// <summary>The tenant's budget as sent; missing fields take the configured defaults.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record TenantQuotaSpec(
    string? Cpu,
    string? Memory,
    int? Pods,
    string? EphemeralStorage = null,
    int? Services = null,
    int? Secrets = null,
    int? ConfigMaps = null,
    int? PersistentVolumeClaims = null,
    int? ReplicationControllers = null,
    int? NodePorts = null,
    int? LoadBalancers = null);
