using Kabin.State;

namespace Kabin.Sandboxes;

/// <summary>The read side of the sandbox function: a sandbox's record (state, history, pod phase) and a tenant's sandboxes.</summary>
public sealed class SandboxQueries(IStateStore store)
{
    /// <summary>The record as callers see it: without the answers kept for redeliveries.</summary>
    public async Task<SandboxRecord?> GetAsync(string tenant, string name, CancellationToken cancellationToken) =>
        (await store.GetAsync(SandboxStateKeys.Record(tenant, name), SandboxJsonContext.Default.SandboxRecord, cancellationToken)
            .ConfigureAwait(false))?.Value is { } record
            ? ForCallers(record)
            : null;

    /// <summary>
    /// A page of the tenant's sandboxes (live, and ended ones still kept) in name order, read in one bulk
    /// read: at most <paramref name="limit"/> after <paramref name="after"/>, and the name to continue after when
    /// more follow; null when the tenant has no sandbox index.
    /// </summary>
    public async Task<(IReadOnlyList<SandboxRecord> Records, string? ContinueAfter)?> ListAsync(
        string tenant, int limit, string? after, CancellationToken cancellationToken)
    {
        var index = await store.GetAsync(SandboxStateKeys.Index(tenant), SandboxJsonContext.Default.SandboxIndex, cancellationToken)
            .ConfigureAwait(false);
        if (index is null)
        {
            return null;
        }

        var names = index.Value.Sandboxes.Concat(index.Value.Ended).Select(entry => entry.Name).Distinct().Order(StringComparer.Ordinal).ToList();
        var (page, more) = PageToken.Slice(names, after, limit);
        var keys = page.Select(name => SandboxStateKeys.Record(tenant, name)).ToArray();
        var found = await store.GetManyAsync(keys, SandboxJsonContext.Default.SandboxRecord, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<SandboxRecord> records = [.. keys.Where(found.ContainsKey).Select(key => ForCallers(found[key].Value))];
        return (records, more ? page[^1] : null);
    }

    private static SandboxRecord ForCallers(SandboxRecord record) => record with { Answers = null };
}
