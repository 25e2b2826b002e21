using Kabin.Tenants;

namespace Kabin.Adapters.HttpApi.Tenants;

/// <summary>Every provisioned tenant's record, in name order.</summary>
public sealed record TenantList(IReadOnlyList<TenantRecord> Tenants);
