using Kabin.State;

namespace Kabin.Sandboxes;

/// <summary>The read side of the sandbox function: a sandbox's record (state, history, pod phase) and a tenant's sandboxes.</summary>
public sealed class SandboxQueries(IStateStore store)
{
    /// <summary>The record as callers see it: without the answers kept for redeliveries.</summary>
    public async Task<SandboxRecord?> GetAsync(string tenant, string name, CancellationToken cancellationToken) =>
        (await store.GetAsync(SandboxStateKeys.Record(tenant, name), SandboxJsonContext.Default.SandboxRecord, cancellationToken)
            .ConfigureAwait(false))?.Value is { } record
            ? record with { Answers = null }
            : null;

    /// <summary>The tenant's live sandboxes, then those that ended and are still kept; null when the tenant has no sandbox index.</summary>
    public async Task<IReadOnlyList<SandboxRecord>?> ListAsync(string tenant, CancellationToken cancellationToken)
    {
        var index = await store.GetAsync(SandboxStateKeys.Index(tenant), SandboxJsonContext.Default.SandboxIndex, cancellationToken)
            .ConfigureAwait(false);
        if (index is null)
        {
            return null;
        }

        var records = new List<SandboxRecord>();
        foreach (var entry in index.Value.Sandboxes.Concat(index.Value.Ended))
        {
            if (await GetAsync(tenant, entry.Name, cancellationToken).ConfigureAwait(false) is { } record)
            {
                records.Add(record);
            }
        }

        return records;
    }
}
