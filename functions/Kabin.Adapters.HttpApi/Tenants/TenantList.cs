using Kabin.Tenants;

namespace Kabin.Adapters.HttpApi.Tenants;

/// <summary>
/// A page of provisioned tenants' records, in index order (shard, then name); <see cref="Continue"/> (absent on the
/// last page) asks for the next one, as Kubernetes lists do.
/// </summary>
public sealed record TenantList(IReadOnlyList<TenantRecord> Tenants)
{
    public string? Continue { get; init; }
}
