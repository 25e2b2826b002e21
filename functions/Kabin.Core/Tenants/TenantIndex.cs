namespace Kabin.Tenants;

/// <summary>The names of all tenants, kept with ETag concurrency so that listing needs no store query API.</summary>
public sealed record TenantIndex(IReadOnlyList<string> Tenants);
