using System.Text.Json.Serialization;

namespace Kabin.Tenants;

/// <summary>The tenant's network as sent: <c>egress</c> is <c>none</c>, <c>cluster</c> or <c>internet</c>.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record TenantNetworkSpec(string? Egress);
