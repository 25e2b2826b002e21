namespace Kabin.Tenants;

/// <summary>A subject that administers a tenant: <c>kind</c> is User, Group or ServiceAccount.</summary>
public sealed record TenantOwner(string Kind, string Name);
