using CloudNative.CloudEvents;
using Kabin.Cluster;
using Kabin.Events;
using Kabin.Sandboxes;
using Kabin.State;

namespace Kabin.Tenants;

/// <summary>
/// Offboarding, in this order: a tombstone (<see cref="TenantTombstone"/>: older created and
/// updated events are refused from here on), the tenant's EventPolicy and the RoleBindings into its namespace
/// (senders and owners lose access first), sandbox pods, sandbox records and the sandbox index, the namespace
/// (which takes every other object with it), the namespace entry, the tenant record and the
/// tenant's place in the index. Each step checks before it deletes, so a redelivered or unknown
/// deletion changes nothing and still replies <c>deprovisioned</c>.
/// </summary>
public sealed partial class TenantHandler
{
    private async Task<HandlerResult> DeprovisionAsync(CloudEvent cloudEvent, TenantName request, CancellationToken cancellationToken)
    {
        var validation = TenantSpecValidator.Validate(new TenantSpec { Name = request.Name }, _options);
        var nameErrors = validation.Errors.Where(error => error.Field == "name").ToArray();
        if (nameErrors.Length > 0 || request.Name is not { } name)
        {
            return Reject(cloudEvent, request.Name, nameErrors);
        }

        var recordKey = TenantStateKeys.Record(name);
        var record = (await store.GetAsync(recordKey, TenantJsonContext.Default.TenantRecord, cancellationToken).ConfigureAwait(false))?.Value;
        var namespaceName = record?.Namespace ?? _options.NamespacePrefix + name;
        if (await ForeignNamespaceAsync(name, namespaceName, cancellationToken).ConfigureAwait(false) is { } foreign)
        {
            return Reject(cloudEvent, name, [foreign]);
        }

        // The tombstone comes first: from here on, a created or updated older than this deletion is refused.
        var tombstone = await MarkDeletedAsync(cloudEvent, name, cancellationToken).ConfigureAwait(false);
        if (tombstone.DeletedBy == EventKey.Of(cloudEvent) && tombstone.Answer is { } answered)
        {
            return Deprovisioned(cloudEvent, answered, tombstone.DeletedAt);
        }

        if (!string.IsNullOrEmpty(_options.BrokerNamespace))
        {
            await cluster.DeleteAsync(
                new ResourceRef("eventing.knative.dev/v1alpha1", "EventPolicy", _options.BrokerNamespace, TenantEventPolicyManifest.NameOf(name)), null, cancellationToken)
                .ConfigureAwait(false);
        }

        // Owners and the tenant's service account lose the namespace before anything of theirs is deleted, so they cannot start
        // new work while offboarding runs; the namespace's deletion would take the bindings later.
        var bindings = await cluster.ListAsync(
            "rbac.authorization.k8s.io/v1", "RoleBinding", namespaceName, TenantLabels.AccessBindings(name), cancellationToken)
            .ConfigureAwait(false);
        foreach (var binding in bindings)
        {
            await cluster.DeleteAsync(ResourceRef.Of(binding), null, cancellationToken).ConfigureAwait(false);
        }

        var pods = await cluster.ListAsync("v1", "Pod", namespaceName, TenantLabels.SandboxPods(name), cancellationToken).ConfigureAwait(false);
        var members = await cluster.ListAsync("v1", "Pod", namespaceName, TenantLabels.PoolMembers(name), cancellationToken).ConfigureAwait(false);
        foreach (var pod in pods.Concat(members))
        {
            await cluster.DeleteAsync(ResourceRef.Of(pod), null, cancellationToken).ConfigureAwait(false);
        }

        var hadSandboxes = await DeleteSandboxStateAsync(name, cancellationToken).ConfigureAwait(false);
        var hadNamespace = await cluster.DeleteAsync(new ResourceRef("v1", "Namespace", null, namespaceName), null, cancellationToken)
            .ConfigureAwait(false);
        var hadEntry = await DeleteIfPresentAsync(TenantStateKeys.Namespace(namespaceName), cancellationToken).ConfigureAwait(false);
        var hadRecord = await DeleteIfPresentAsync(recordKey, cancellationToken).ConfigureAwait(false);
        await UpdateTenantIndexAsync(name, add: false, cancellationToken).ConfigureAwait(false);
        directory.Invalidate(name);

        var existed = pods.Count > 0 || hadSandboxes || hadNamespace || hadEntry || hadRecord;
        LogDeprovisioned(name, existed, pods.Count);
        var answer = new TenantDeprovisioned(name, namespaceName, existed, pods.Count);
        if (tombstone.DeletedBy == EventKey.Of(cloudEvent))
        {
            await store.SaveAsync(TenantStateKeys.Tombstone(name), tombstone with { Answer = answer }, TenantJsonContext.Default.TenantTombstone, cancellationToken)
                .ConfigureAwait(false);
        }

        return Deprovisioned(cloudEvent, answer, tombstone.DeletedAt);
    }

    private static HandlerResult Deprovisioned(CloudEvent cloudEvent, TenantDeprovisioned answer, DateTimeOffset at)
    {
        return HandlerResult.ReplyWith(KabinCloudEvents.Create(
            KabinFunctions.Tenant, TenantEventTypes.Deprovisioned, answer.Tenant, answer, TenantJsonContext.Default.TenantDeprovisioned, at, cloudEvent));
    }

    /// <summary>Deletes each indexed sandbox's record, then the index itself only if no sandbox was added meanwhile.</summary>
    private async Task<bool> DeleteSandboxStateAsync(string tenant, CancellationToken cancellationToken)
    {
        var indexKey = SandboxStateKeys.Index(tenant);
        for (var attempt = 1; attempt <= IndexAttempts; attempt++)
        {
            var index = await store.GetAsync(indexKey, SandboxJsonContext.Default.SandboxIndex, cancellationToken).ConfigureAwait(false);
            if (index is null)
            {
                return attempt > 1;
            }

            foreach (var sandbox in index.Value.Sandboxes.Concat(index.Value.Ended))
            {
                await DeleteIfPresentAsync(SandboxStateKeys.Commands(tenant, sandbox.Name), cancellationToken).ConfigureAwait(false);
                await DeleteIfPresentAsync(SandboxStateKeys.Record(tenant, sandbox.Name), cancellationToken).ConfigureAwait(false);
            }

            if (await store.TryDeleteAsync(indexKey, index.ETag, cancellationToken).ConfigureAwait(false))
            {
                return true;
            }
        }

        throw new ConflictException($"The sandbox index of '{tenant}' kept changing while deleting it; the event will be retried.");
    }

    /// <summary>The tombstone in force after this deletion: this event's, or a later deletion's already there.</summary>
    private async Task<TenantTombstone> MarkDeletedAsync(CloudEvent cloudEvent, string tenant, CancellationToken cancellationToken)
    {
        var key = TenantStateKeys.Tombstone(tenant);
        var tombstone = new TenantTombstone(OccurredAt(cloudEvent), EventKey.Of(cloudEvent));
        var existing = (await store.GetAsync(key, TenantJsonContext.Default.TenantTombstone, cancellationToken).ConfigureAwait(false))?.Value;
        if (existing is null || (existing.DeletedBy != tombstone.DeletedBy && tombstone.DeletedAt > existing.DeletedAt))
        {
            await store.SaveAsync(key, tombstone, TenantJsonContext.Default.TenantTombstone, cancellationToken).ConfigureAwait(false);
            return tombstone;
        }

        return existing;
    }

    private async Task<bool> DeleteIfPresentAsync(string key, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(key, cancellationToken).ConfigureAwait(false) is null)
        {
            return false;
        }

        await store.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
        return true;
    }
}
