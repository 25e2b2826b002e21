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
    /// One page of provisioned tenants' records in name order: at most <paramref name="limit"/>
    /// after the tenant named <paramref name="after"/>, and the name to continue after when more follow.
    /// </summary>
    public async Task<(IReadOnlyList<TenantRecord> Records, string? ContinueAfter)> ListAsync(
        int limit, string? after, CancellationToken cancellationToken)
    {
        var names = await TenantIndexShards.AllAsync(store, cancellationToken).ConfigureAwait(false);
        var (page, more) = PageToken.Slice(names, after, limit);
        var records = new List<TenantRecord>(page.Count);
        foreach (var name in page)
        {
            if (await GetAsync(name, cancellationToken).ConfigureAwait(false) is { } record)
            {
                records.Add(record);
            }
        }

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
