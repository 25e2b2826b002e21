using Kabin.Cluster;
using Kabin.Sandboxes;
using Kabin.State;

namespace Kabin.Tenants;

/// <summary>The state other functions read, each write only when it changes something.</summary>
public sealed partial class TenantHandler
{
    private const int IndexAttempts = 5;

    /// <summary>The sandbox index, the namespace entry and the tenant record: what admission and the sandbox function read.</summary>
    private async Task<TenantRecord> SavePolicyStateAsync(TenantRecord desired, IReadOnlyList<ResourceRef> objects, CancellationToken cancellationToken)
    {
        // The sandbox index exists before the record, so the sandbox function only ever changes it with an ETag.
        var sandboxIndex = SandboxStateKeys.Index(desired.Name);
        if (await store.GetAsync(sandboxIndex, cancellationToken).ConfigureAwait(false) is null)
        {
            await store.TryCreateAsync(sandboxIndex, SandboxIndex.Empty, SandboxJsonContext.Default.SandboxIndex, cancellationToken)
                .ConfigureAwait(false);
        }

        var namespaceKey = TenantStateKeys.Namespace(desired.Namespace);
        var entry = await store.GetAsync(namespaceKey, TenantJsonContext.Default.TenantNamespaceEntry, cancellationToken).ConfigureAwait(false);
        if (entry?.Value.Tenant != desired.Name)
        {
            await store.SaveAsync(namespaceKey, new TenantNamespaceEntry(desired.Name), TenantJsonContext.Default.TenantNamespaceEntry, cancellationToken)
                .ConfigureAwait(false);
        }

        var recordKey = TenantStateKeys.Record(desired.Name);
        var existing = (await store.GetAsync(recordKey, TenantJsonContext.Default.TenantRecord, cancellationToken).ConfigureAwait(false))?.Value;
        var sameSpec = existing is not null && SameSpec(existing, desired);
        var record = existing;
        if (existing is null || !sameSpec || !existing.Objects.SequenceEqual(objects))
        {
            record = desired with
            {
                Generation = existing is null ? 1 : sameSpec ? existing.Generation : existing.Generation + 1,
                UpdatedAt = timeProvider.GetUtcNow(),
                Objects = objects,
            };
            await store.SaveAsync(recordKey, record, TenantJsonContext.Default.TenantRecord, cancellationToken).ConfigureAwait(false);
        }

        return record!;
    }

    /// <summary>
    /// Adds or removes the name in its shard of the index (<see cref="TenantIndexShards"/>), then
    /// takes it out of the single index of earlier versions: an upgraded fleet's names move into
    /// the shards as tenants are updated, and tenant pages become flat once that key is empty.
    /// </summary>
    private async Task UpdateTenantIndexAsync(string tenant, bool add, CancellationToken cancellationToken)
    {
        await ChangeIndexKeyAsync(TenantIndexShards.KeyOf(tenant), tenant, add, cancellationToken).ConfigureAwait(false);
        await ChangeIndexKeyAsync(TenantStateKeys.Index, tenant, add: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Adds or removes a name with ETag compare-and-swap, retrying when another writer won. The very
    /// first write creates the key insert-only, so two tenants created at the same instant cannot
    /// overwrite each other: the loser reads the winner's key and adds itself to it.
    /// </summary>
    private Task<bool> ChangeIndexKeyAsync(string key, string tenant, bool add, CancellationToken cancellationToken) =>
        store.ChangeAsync(
            key,
            TenantJsonContext.Default.TenantIndex,
            index => (index?.Tenants ?? []).Contains(tenant) == add
                ? null
                : new TenantIndex(add
                    ? [.. (index?.Tenants ?? []).Append(tenant).Order(StringComparer.Ordinal)]
                    : [.. index!.Tenants.Where(name => name != tenant)]),
            IndexAttempts,
            $"The tenant index kept changing while updating '{tenant}'; the event will be retried.",
            cancellationToken,
            lost: attempt => LogIndexRetry(tenant, attempt));

    private static bool SameSpec(TenantRecord left, TenantRecord right) =>
        left.Name == right.Name && left.Namespace == right.Namespace
        && left.Owners.SequenceEqual(right.Owners) && left.PodSecurity == right.PodSecurity
        && left.RuntimeClasses.SequenceEqual(right.RuntimeClasses) && left.DefaultRuntimeClass == right.DefaultRuntimeClass
        && left.Registries.SequenceEqual(right.Registries) && left.Quota == right.Quota
        && left.Sandboxes == right.Sandboxes && left.Network == right.Network && left.WarmPools.SequenceEqual(right.WarmPools);
}
