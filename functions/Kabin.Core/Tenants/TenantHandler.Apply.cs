using System.Text.Json.Nodes;
using Kabin.Cluster;

namespace Kabin.Tenants;

/// <summary>Talking to the cluster: applying with conflict retries, pruning stale owner bindings, ownership checks.</summary>
public sealed partial class TenantHandler
{
    private async Task<FieldError?> ForeignNamespaceAsync(string tenant, string namespaceName, CancellationToken cancellationToken)
    {
        var existing = await cluster.GetAsync(new ResourceRef("v1", "Namespace", null, namespaceName), cancellationToken)
            .ConfigureAwait(false);
        var owner = existing?["metadata"]?["labels"]?[TenantLabels.Tenant]?.GetValue<string>();
        return existing is null || owner == tenant
            ? null
            : new FieldError("name",
                $"namespace '{namespaceName}' exists and is not labelled {TenantLabels.Tenant}={tenant}; Kabin will not take it over. Choose another name or remove that namespace.");
    }

    private async Task<Applied> ApplyAsync(JsonObject manifest, CancellationToken cancellationToken)
    {
        var reference = ResourceRef.Of(manifest);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var result = await cluster.ApplyAsync(manifest, cancellationToken).ConfigureAwait(false);
                return new Applied(reference, result);
            }
            catch (ConflictException e)
            {
                LogApplyConflict(reference.ToString(), attempt);
                if (attempt >= _options.ConflictAttempts)
                {
                    throw new ConflictException(
                        $"Applying {reference} met a conflict {attempt} times (is the namespace still terminating?); the event will be retried.", e);
                }
            }
        }
    }

    /// <summary>
    /// Deletes the unclaimed members of pools the spec no longer has, and makes the tenant due for
    /// the sandbox function's tick now, which creates and keeps up the members of its pools.
    /// </summary>
    private async Task PruneWarmPoolsAsync(TenantRecord tenant, CancellationToken cancellationToken)
    {
        if (cluster.Mode != ClusterMode.Apply)
        {
            return;
        }

        var kept = tenant.WarmPools.Select(pool => pool.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var member in await cluster.ListAsync("v1", "Pod", tenant.Namespace, TenantLabels.PoolMembers(tenant.Name), cancellationToken).ConfigureAwait(false))
        {
            if (!kept.Contains(member["metadata"]?["labels"]?[Sandboxes.SandboxLabels.Pool]?.ToString() ?? ""))
            {
                await cluster.DeleteAsync(ResourceRef.Of(member), TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
            }
        }

        // Due even without pools: with agent-sandbox, the tick deletes the SandboxWarmPools of pools that were removed.
        await new Sandboxes.SandboxDueSchedule(store, new Sandboxes.SandboxOptions()).ScheduleAsync(tenant.Name, timeProvider.GetUtcNow(), cancellationToken)
            .ConfigureAwait(false);
    }

    private async Task PruneOwnerBindingsAsync(TenantRecord tenant, List<Applied> applied, CancellationToken cancellationToken)
    {
        var wanted = applied.Where(item => item.Reference.Kind == "RoleBinding").Select(item => item.Reference.Name).ToHashSet(StringComparer.Ordinal);
        var existing = await cluster.ListAsync(
            "rbac.authorization.k8s.io/v1", "RoleBinding", tenant.Namespace, TenantLabels.OwnerBindings(tenant.Name), cancellationToken)
            .ConfigureAwait(false);
        foreach (var binding in existing)
        {
            var reference = ResourceRef.Of(binding);
            if (!wanted.Contains(reference.Name))
            {
                await cluster.DeleteAsync(reference, null, cancellationToken).ConfigureAwait(false);
                LogPruned(tenant.Name, reference.Name);
            }
        }
    }

    /// <summary>What apply mode replies with: enough to find the object and tell whether it changed.</summary>
    private static JsonObject ReferenceOf(JsonObject applied)
    {
        var reference = new JsonObject
        {
            ["apiVersion"] = applied["apiVersion"]?.DeepClone(),
            ["kind"] = applied["kind"]?.DeepClone(),
        };
        if (applied["metadata"]?["namespace"] is { } ns)
        {
            reference["namespace"] = ns.DeepClone();
        }

        reference["name"] = applied["metadata"]?["name"]?.DeepClone();
        reference["resourceVersion"] = applied["metadata"]?["resourceVersion"]?.DeepClone();
        return reference;
    }

    private sealed record Applied(ResourceRef Reference, JsonObject Result);
}
