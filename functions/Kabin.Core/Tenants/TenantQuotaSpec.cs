using System.Text.Json.Serialization;

namespace Kabin.Tenants;

/// <summary>The tenant's compute budget as sent; missing fields take the configured defaults.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record TenantQuotaSpec(string? Cpu, string? Memory, int? Pods);
