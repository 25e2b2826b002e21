using System.Text.Json.Serialization;

namespace Kabin.Tenants;

/// <summary>The tenant's sandbox count and largest size as sent; missing fields take the configured defaults.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record SandboxLimitsSpec(int? Max, string? MaxCpu, string? MaxMemory);
