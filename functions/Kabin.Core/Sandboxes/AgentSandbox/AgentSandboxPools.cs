using Kabin.Cluster;
using Kabin.Policy;
using Kabin.Sandboxes.Pools;
using Kabin.Tenants;
using Microsoft.Extensions.Logging;

namespace Kabin.Sandboxes.AgentSandbox;

/// <summary>
/// A tenant's warm pools realised for agent-sandbox: one SandboxTemplate and one SandboxWarmPool
/// per pool, applied idempotently. agent-sandbox's controller keeps the members (refill after a
/// claim, replacement of failed ones, the update strategy on a template change); Kabin keeps the
/// objects in line with the tenant's spec and never applies a template its policy denies.
/// </summary>
internal sealed partial class AgentSandboxPools(IClusterClient cluster, IPolicyEngine policy, SandboxOptions options, ILogger logger)
{
    /// <summary>Applies every pool's template and warm pool, and deletes the objects of pools the tenant no longer has.</summary>
    public async Task ReconcileAsync(TenantRecord tenant, CancellationToken cancellationToken)
    {
        await PruneAsync(cluster, tenant, cancellationToken).ConfigureAwait(false);
        foreach (var pool in tenant.WarmPools)
        {
            var template = AgentSandboxObjects.Template(tenant, pool, SandboxWarmPools.MemberPod(tenant, pool, options), options);
            var verdict = policy.Check(template, tenant);
            if (!verdict.Allowed)
            {
                LogDenied(tenant.Name, pool.Name, string.Join(',', verdict.Violations.Select(v => v.Rule)));
                continue;
            }

            await cluster.ApplyAsync(template, cancellationToken).ConfigureAwait(false);
            await cluster.ApplyAsync(AgentSandboxObjects.WarmPool(tenant, pool, options), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Deletes the SandboxWarmPools (which take their unclaimed Sandboxes with them) and SandboxTemplates of pools the tenant lacks.</summary>
    public static async Task PruneAsync(IClusterClient cluster, TenantRecord tenant, CancellationToken cancellationToken)
    {
        var kept = tenant.WarmPools.Select(pool => pool.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var kind in (string[])[AgentSandboxKinds.SandboxWarmPool, AgentSandboxKinds.SandboxTemplate])
        {
            var owned = await cluster.ListAsync(AgentSandboxKinds.ExtensionsApiVersion, kind, tenant.Namespace,
                $"{SandboxLabels.Tenant}={tenant.Name},{SandboxLabels.Pool},{AgentSandboxObjects.ManagedBy}=kabin", cancellationToken).ConfigureAwait(false);
            foreach (var stale in owned.Where(item => !kept.Contains(item["metadata"]?["labels"]?[SandboxLabels.Pool]?.ToString() ?? "")))
            {
                await cluster.DeleteAsync(ResourceRef.Of(stale), null, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Warm pool {Tenant}/{Pool} is not given to agent-sandbox: the tenant's policy denies its template ({Rules})")]
    private partial void LogDenied(string tenant, string pool, string rules);
}
