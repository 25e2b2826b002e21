namespace Kabin.Tenants;

/// <summary>Maps a namespace to the tenant that owns it.</summary>
public sealed record TenantNamespaceEntry(string Tenant);
