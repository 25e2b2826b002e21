using System.Text.Json.Nodes;
using Kabin.Cluster;
using Kabin.State;

namespace Kabin.Tenants;

/// <summary>The read side of the tenant function: records and the objects applied (or planned) for them.</summary>
public sealed class TenantQueries(IStateStore store, IClusterClient cluster)
{
    /// <summary>Whether objects are applied to a cluster or only planned.</summary>
    public ClusterMode Mode => cluster.Mode;

    public async Task<TenantRecord?> GetAsync(string tenant, CancellationToken cancellationToken) =>
        (await store.GetAsync(TenantStateKeys.Record(tenant), TenantJsonContext.Default.TenantRecord, cancellationToken)
            .ConfigureAwait(false))?.Value;

    /// <summary>
    /// One page of provisioned tenants' records in index order (<see cref="TenantIndexShards.PageAsync"/>):
    /// at most <paramref name="limit"/> after the tenant named <paramref name="after"/>, read in one
    /// bulk read, and the name to continue after when more follow.
    /// </summary>
    public async Task<(IReadOnlyList<TenantRecord> Records, string? ContinueAfter)> ListAsync(
        int limit, string? after, CancellationToken cancellationToken)
    {
        var (page, more) = await TenantIndexShards.PageAsync(store, after, limit, cancellationToken).ConfigureAwait(false);
        var found = await store.GetManyAsync([.. page.Select(TenantStateKeys.Record)], TenantJsonContext.Default.TenantRecord, cancellationToken)
            .ConfigureAwait(false);
        IReadOnlyList<TenantRecord> records = [.. page.Select(TenantStateKeys.Record).Where(found.ContainsKey).Select(key => found[key].Value)];
        return (records, more ? page[^1] : null);
    }

    /// <summary>The tenant's objects as the cluster (or the plan) has them now; those no longer there are left out.</summary>
    public async Task<IReadOnlyList<JsonObject>> ObjectsAsync(TenantRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var objects = new List<JsonObject>(record.Objects.Count);
        foreach (var reference in record.Objects)
        {
            if (await cluster.GetAsync(reference, cancellationToken).ConfigureAwait(false) is { } found)
            {
                objects.Add(found);
            }
        }

        return objects;
    }
}
