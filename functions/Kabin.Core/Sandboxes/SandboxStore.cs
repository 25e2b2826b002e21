using Kabin.State;

namespace Kabin.Sandboxes;

/// <summary>
/// Sandbox records and tenant indexes in the state store. Every change of an existing key is an
/// ETag-conditional write that re-reads and recomputes on conflict, so concurrent events never
/// lose a transition and the index never holds more than the tenant's maximum.
/// </summary>
internal sealed class SandboxStore(IStateStore store, SandboxOptions options)
{
    public Task<StateItem<SandboxRecord>?> GetAsync(string tenant, string name, CancellationToken cancellationToken) =>
        store.GetAsync(SandboxStateKeys.Record(tenant, name), SandboxJsonContext.Default.SandboxRecord, cancellationToken);

    /// <summary>Writes the first version of a record; only the request that claimed the name in the index gets here.</summary>
    public Task CreateAsync(SandboxRecord record, CancellationToken cancellationToken) =>
        store.SaveAsync(SandboxStateKeys.Record(record.Tenant, record.Name), record, SandboxJsonContext.Default.SandboxRecord, cancellationToken);

    /// <summary>Forgets a sandbox whose pod the cluster refused, so that its name can be asked for again.</summary>
    public async Task DeleteAsync(string tenant, string name, CancellationToken cancellationToken)
    {
        await store.DeleteAsync(SandboxStateKeys.Commands(tenant, name), cancellationToken).ConfigureAwait(false);
        await store.DeleteAsync(SandboxStateKeys.Record(tenant, name), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the stored record with ETag concurrency. The change
    /// returns null when it does not apply to the current record. Returns the record before and
    /// after (After null when nothing changed; both null when there is no record).
    /// </summary>
    public async Task<(SandboxRecord? Before, SandboxRecord? After)> UpdateAsync(
        string tenant, string name, Func<SandboxRecord, SandboxRecord?> change, CancellationToken cancellationToken)
    {
        var key = SandboxStateKeys.Record(tenant, name);
        for (var attempt = 0; attempt < options.MaxConflictRetries; attempt++)
        {
            var current = await GetAsync(tenant, name, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                return (null, null);
            }

            if (change(current.Value) is not { } next)
            {
                return (current.Value, null);
            }

            if (await store.TrySaveAsync(key, next, current.ETag, SandboxJsonContext.Default.SandboxRecord, cancellationToken)
                    .ConfigureAwait(false))
            {
                return (current.Value, next);
            }
        }

        throw new ConflictException($"Sandbox {tenant}/{name} kept changing under concurrent events; the event will be retried.");
    }

    public async Task<SandboxIndex?> GetIndexAsync(string tenant, CancellationToken cancellationToken) =>
        (await store.GetAsync(SandboxStateKeys.Index(tenant), SandboxJsonContext.Default.SandboxIndex, cancellationToken)
            .ConfigureAwait(false))?.Value;

    /// <summary>
    /// Claims a place for <paramref name="entry"/>, re-checking the name and the count on every
    /// attempt. A name only in <see cref="SandboxIndex.Ended"/> (its record already forgotten) is free again.
    /// </summary>
    public async Task<(SandboxIndexAdd Outcome, SandboxIndexEntry? Existing)> AddToIndexAsync(
        string tenant, SandboxIndexEntry entry, int max, CancellationToken cancellationToken)
    {
        var key = SandboxStateKeys.Index(tenant);
        for (var attempt = 0; attempt < options.MaxConflictRetries; attempt++)
        {
            var index = await store.GetAsync(key, SandboxJsonContext.Default.SandboxIndex, cancellationToken).ConfigureAwait(false);
            if (index is null)
            {
                return (SandboxIndexAdd.NoIndex, null);
            }

            if (index.Value.Sandboxes.FirstOrDefault(existing => existing.Name == entry.Name) is { } found)
            {
                return (SandboxIndexAdd.Exists, found);
            }

            if (index.Value.Sandboxes.Count >= max)
            {
                return (SandboxIndexAdd.Full, null);
            }

            var next = index.Value with
            {
                Sandboxes = [.. index.Value.Sandboxes, entry],
                Ended = [.. index.Value.Ended.Where(ended => ended.Name != entry.Name)],
            };
            if (await store.TrySaveAsync(key, next, index.ETag, SandboxJsonContext.Default.SandboxIndex, cancellationToken)
                    .ConfigureAwait(false))
            {
                return (SandboxIndexAdd.Added, null);
            }
        }

        throw new ConflictException($"The sandbox index of tenant {tenant} kept changing under concurrent requests; the event will be retried.");
    }

    /// <summary>How long a delivery holds its claim on a name before a redelivery of the same request may take it over.</summary>
    public TimeSpan ClaimLease { get; } = TimeSpan.FromSeconds(options.ClaimLeaseSeconds);

    /// <summary>Moves the claim on <paramref name="held"/> to another delivery; false when the entry changed meanwhile.</summary>
    public async Task<bool> TakeOverClaimAsync(string tenant, SandboxIndexEntry held, string claim, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var key = SandboxStateKeys.Index(tenant);
        var index = await store.GetAsync(key, SandboxJsonContext.Default.SandboxIndex, cancellationToken).ConfigureAwait(false);
        if (index is null || !index.Value.Sandboxes.Contains(held))
        {
            return false;
        }

        var next = index.Value with
        {
            Sandboxes = [.. index.Value.Sandboxes.Select(entry => entry == held ? entry with { Claim = claim, ClaimedAt = now } : entry)],
        };
        return await store.TrySaveAsync(key, next, index.ETag, SandboxJsonContext.Default.SandboxIndex, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Frees the sandbox's place in the count and keeps its record for polling until
    /// <paramref name="forgetAt"/>. Returns how many ended sandboxes the index holds now, or null
    /// when this call moved nothing (ended already, or no index).
    /// </summary>
    public async Task<int?> EndAsync(
        string tenant, string name, DateTimeOffset forgetAt, string? endedBy, CancellationToken cancellationToken, DateTimeOffset? podDeleteAt = null)
    {
        var ended = 0;
        var moved = await ChangeIndexAsync(tenant, index =>
        {
            if (index.Sandboxes.All(entry => entry.Name != name) && index.Ended.Any(entry => entry.Name == name))
            {
                return null;
            }

            var next = index with
            {
                Sandboxes = [.. index.Sandboxes.Where(entry => entry.Name != name)],
                Ended = [.. index.Ended, new SandboxIndexEntry(name, forgetAt, EndedBy: endedBy, AwaitingSink: endedBy is null ? null : true, PodDeleteAt: podDeleteAt)],
            };
            ended = next.Ended.Count;
            return next;
        }, cancellationToken).ConfigureAwait(false);
        return moved ? ended : null;
    }

    /// <summary>Notes that a finished sandbox's pod is deleted: no tick deletes it again.</summary>
    public Task<bool> PodDeletedAsync(string tenant, string name, CancellationToken cancellationToken) =>
        ChangeIndexAsync(tenant, index => index.Ended.Any(entry => entry.Name == name && entry.PodDeleteAt is not null)
            ? index with { Ended = [.. index.Ended.Select(entry => entry.Name == name ? entry with { PodDeleteAt = null } : entry)] }
            : null, cancellationToken);

    /// <summary>Notes that the sink has taken the events of these ended sandboxes: later ticks no longer publish them.</summary>
    public Task<bool> MarkPublishedAsync(string tenant, IReadOnlySet<string> names, CancellationToken cancellationToken) =>
        ChangeIndexAsync(tenant, index => index.Ended.Any(entry => entry.AwaitingSink == true && names.Contains(entry.Name))
            ? index with
            {
                Ended = [.. index.Ended.Select(entry => entry.AwaitingSink == true && names.Contains(entry.Name) ? entry with { AwaitingSink = null } : entry)],
            }
            : null, cancellationToken);

    /// <summary>Drops every trace of the name from the index (a creation undone, or a record forgotten).</summary>
    public Task<bool> RemoveFromIndexAsync(string tenant, string name, CancellationToken cancellationToken) =>
        ChangeIndexAsync(tenant, index => index.Sandboxes.Any(entry => entry.Name == name) || index.Ended.Any(entry => entry.Name == name)
            ? index with
            {
                Sandboxes = [.. index.Sandboxes.Where(entry => entry.Name != name)],
                Ended = [.. index.Ended.Where(entry => entry.Name != name)],
            }
            : null, cancellationToken);

    /// <summary>Applies <paramref name="change"/> to the index with ETag concurrency; true when it wrote, false when nothing applied.</summary>
    private Task<bool> ChangeIndexAsync(string tenant, Func<SandboxIndex, SandboxIndex?> change, CancellationToken cancellationToken) =>
        store.ChangeAsync(
            SandboxStateKeys.Index(tenant),
            SandboxJsonContext.Default.SandboxIndex,
            index => index is null ? null : change(index),
            options.MaxConflictRetries,
            $"The sandbox index of tenant {tenant} kept changing; the event will be retried.",
            cancellationToken);
}
