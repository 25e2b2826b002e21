using System.Text.Json.Serialization;

namespace Kabin.Tenants;

/// <summary>
/// The tenant's budget as Kubernetes quantities, before VM overhead is added: compute, local
/// storage (<c>ephemeral-storage</c> requests and limits) and how many objects of each kind its
/// namespace may hold. Constructor parameters with defaults, not init properties: a record stored
/// before storage and object counts existed then reads with the defaults rather than null.
/// </summary>
public sealed record TenantQuota(
    string Cpu, string Memory, int Pods, string EphemeralStorage = TenantQuota.DefaultEphemeralStorage, TenantObjectCounts? Objects = null)
{
    /// <summary>The namespace's local storage where neither the spec nor the configuration says.</summary>
    public const string DefaultEphemeralStorage = "40Gi";

    /// <summary>The object counts, the defaults where the record has none.</summary>
    [JsonIgnore]
    public TenantObjectCounts Counts => Objects ?? TenantObjectCounts.Default;
}
