using System.Text.Json.Serialization;

namespace Kabin.Tenants;

/// <summary>An owner as sent: <c>kind</c> User, Group or ServiceAccount (<c>name</c> or <c>namespace/name</c>).</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record TenantOwnerSpec(string? Kind, string? Name);
