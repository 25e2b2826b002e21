using System.Text.Json.Serialization;

namespace Kabin.Tenants;

/// <summary>The Pod Security Standards level a tenant's workloads are held to.</summary>
public enum PodSecurityLevel
{
    [JsonStringEnumMemberName("baseline")]
    Baseline,

    [JsonStringEnumMemberName("restricted")]
    Restricted,
}
