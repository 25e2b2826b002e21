using System.Globalization;
using System.Text.Json.Nodes;
using Kabin.Cluster;
using Kabin.Policy;
using Kabin.Tenants;
using Microsoft.Extensions.Logging;

namespace Kabin.Sandboxes.Pools;

/// <summary>
/// A tenant's warm pools: sandbox pods created ahead in its namespace (judged by its policy and
/// counted by its quota like any sandbox), labelled <c>kabin.dev/pool</c>, and handed to a request
/// by relabelling a Running one, with its resourceVersion as the precondition, so two claims can
/// never take the same member.
/// </summary>
internal sealed partial class SandboxWarmPools(IClusterClient cluster, IPolicyEngine policy, SandboxOptions options, TimeProvider timeProvider, ILogger logger)
{
    /// <summary>The pool a request is served from: the one it names, else one of exactly its class, size and image (and no command of its own).</summary>
    public static WarmPool? Match(SandboxRequest request, TenantRecord tenant, SandboxOptions options)
    {
        if (request.Pool is { } named)
        {
            return tenant.WarmPools.FirstOrDefault(pool => pool.Name == named);
        }

        if (request.Command is { Count: > 0 } || request.Args is { Count: > 0 } || request.Env is { Count: > 0 })
        {
            return null;
        }

        var (cpu, memory) = SandboxPods.SizeOf(request, tenant, options);
        var runtimeClass = request.RuntimeClass ?? tenant.DefaultRuntimeClass;
        return tenant.WarmPools.FirstOrDefault(pool => pool.RuntimeClass == runtimeClass && pool.Image == request.Image
            && SameQuantity(pool.Cpu, cpu) && SameQuantity(pool.Memory, memory));
    }

    /// <summary>The pod of a new member: a sandbox pod of the pool's class, size and image, without a deadline until it is claimed.</summary>
    public JsonObject Member(TenantRecord tenant, WarmPool pool) => MemberPod(tenant, pool, options);

    /// <summary>The pod of a new member of <paramref name="pool"/>, also the pod template of the pool's agent-sandbox SandboxTemplate.</summary>
    public static JsonObject MemberPod(TenantRecord tenant, WarmPool pool, SandboxOptions options)
    {
        var request = new SandboxRequest { Tenant = tenant.Name, Name = "member", Image = pool.Image, Cpu = pool.Cpu, Memory = pool.Memory, RuntimeClass = pool.RuntimeClass };
        var pod = SandboxPods.Build(request, tenant, options, ttlSeconds: 1, DateTimeOffset.MaxValue);
        var metadata = pod["metadata"]!.AsObject();
        metadata["name"] = $"{options.PodNamePrefix}pool-{pool.Name}-{Guid.NewGuid().ToString("N")[..8]}";
        metadata.Remove("annotations");
        var labels = metadata["labels"]!.AsObject();
        labels.Remove(SandboxLabels.Sandbox);
        labels[SandboxLabels.Pool] = pool.Name;
        labels[SandboxLabels.PoolTemplate] = pool.TemplateHash;
        pod["spec"]!.AsObject().Remove("activeDeadlineSeconds");
        return pod;
    }

    /// <summary>
    /// Takes a Running member of <paramref name="pool"/> for sandbox <paramref name="sandbox"/>: its
    /// labels become the sandbox's and its deadline is set from the time-to-live. Waits up to
    /// <see cref="SandboxOptions.WarmClaimGraceMilliseconds"/> for a booting member; null when none
    /// became Running (the request then starts a cold sandbox).
    /// </summary>
    public async Task<JsonObject?> ClaimAsync(
        TenantRecord tenant, WarmPool pool, bool named, string sandbox, int ttlSeconds, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var giveUp = timeProvider.GetUtcNow().AddMilliseconds(options.WarmClaimGraceMilliseconds);
        while (true)
        {
            var members = await cluster.ListAsync("v1", "Pod", tenant.Namespace, $"{SandboxLabels.Tenant}={tenant.Name},{SandboxLabels.Pool}={pool.Name}", cancellationToken)
                .ConfigureAwait(false);
            // A member of an older template serves only a request that named the pool (OnReplenish).
            var usable = members.Where(member => member["metadata"]?["deletionTimestamp"] is null
                && (named || member["metadata"]?["labels"]?[SandboxLabels.PoolTemplate]?.ToString() == pool.TemplateHash)).ToList();
            foreach (var member in usable.Where(IsReady).OrderBy(_ => Random.Shared.Next()))
            {
                if (await AdoptAsync(member, pool, sandbox, ttlSeconds, expiresAt, cancellationToken).ConfigureAwait(false) is { } adopted)
                {
                    LogClaimed(tenant.Name, sandbox, pool.Name, adopted["metadata"]!["name"]!.ToString());
                    return adopted;
                }
            }

            if (!usable.Any(member => member["status"]?["phase"]?.ToString() is null or "Pending") || timeProvider.GetUtcNow() >= giveUp)
            {
                return null;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Creates one member (after a claim, so the pool is full again before the next tick); a member the policy would deny is never created.</summary>
    public async Task CreateMemberAsync(TenantRecord tenant, WarmPool pool, CancellationToken cancellationToken)
    {
        var member = Member(tenant, pool);
        var verdict = policy.Check(member, tenant);
        if (!verdict.Allowed)
        {
            LogDenied(tenant.Name, pool.Name, string.Join(',', verdict.Violations.Select(v => v.Rule)));
            return;
        }

        await cluster.ApplyAsync(member, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Brings the tenant's pools to their replicas: members of removed pools, members that failed
    /// or never became Running within <see cref="SandboxOptions.WarmMemberReadySeconds"/>, surplus
    /// members and (with Recreate) members of an older template are deleted; missing ones created.
    /// </summary>
    public async Task ReconcileAsync(TenantRecord tenant, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var members = (await cluster.ListAsync("v1", "Pod", tenant.Namespace, TenantLabels.PoolMembers(tenant.Name), cancellationToken).ConfigureAwait(false))
            .Where(member => member["metadata"]?["deletionTimestamp"] is null).ToList();
        var doomed = new List<JsonObject>();
        foreach (var group in members.GroupBy(member => member["metadata"]?["labels"]?[SandboxLabels.Pool]?.ToString() ?? ""))
        {
            if (tenant.WarmPools.FirstOrDefault(pool => pool.Name == group.Key) is not { } pool)
            {
                doomed.AddRange(group);
                continue;
            }

            var alive = new List<JsonObject>();
            foreach (var member in group.OrderBy(m => m["metadata"]?["creationTimestamp"]?.ToString(), StringComparer.Ordinal))
            {
                var stale = member["metadata"]?["labels"]?[SandboxLabels.PoolTemplate]?.ToString() != pool.TemplateHash;
                var phase = member["status"]?["phase"]?.ToString();
                var stuck = phase is "Failed" or "Succeeded" || (!IsReady(member) && CreatedAt(member) is { } created && now - created > TimeSpan.FromSeconds(options.WarmMemberReadySeconds));
                (stuck || (stale && pool.UpdateStrategy == WarmPoolUpdateStrategy.Recreate) ? doomed : alive).Add(member);
            }

            doomed.AddRange(alive.Skip(pool.Replicas));
        }

        foreach (var member in doomed)
        {
            await cluster.DeleteAsync(ResourceRef.Of(member), TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
        }

        foreach (var pool in tenant.WarmPools)
        {
            var have = members.Except(doomed).Count(member => member["metadata"]?["labels"]?[SandboxLabels.Pool]?.ToString() == pool.Name);
            for (var i = have; i < pool.Replicas; i++)
            {
                await CreateMemberAsync(tenant, pool, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<JsonObject?> AdoptAsync(JsonObject member, WarmPool pool, string sandbox, int ttlSeconds, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        // activeDeadlineSeconds counts from the pod's start, so the member's age is added to the TTL.
        var started = DateTimeOffset.TryParse(member["status"]?["startTime"]?.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : timeProvider.GetUtcNow();
        var deadline = (long)Math.Ceiling((timeProvider.GetUtcNow() - started).TotalSeconds) + ttlSeconds;
        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["resourceVersion"] = member["metadata"]!["resourceVersion"]!.DeepClone(),
                ["labels"] = new JsonObject
                {
                    [SandboxLabels.Pool] = null,
                    [SandboxLabels.PoolTemplate] = null,
                    [SandboxLabels.Sandbox] = sandbox,
                    [SandboxLabels.ClaimedFrom] = pool.Name,
                },
                ["annotations"] = new JsonObject { ["kabin.dev/expires-at"] = expiresAt.ToString("O", CultureInfo.InvariantCulture) },
            },
            ["spec"] = new JsonObject { ["activeDeadlineSeconds"] = Math.Max(1, deadline) },
        };
        try
        {
            return await cluster.PatchAsync(ResourceRef.Of(member), patch, cancellationToken).ConfigureAwait(false);
        }
        catch (ConflictException)
        {
            // Another claim took it first (or it changed): try the next member.
            return null;
        }
    }

    private static bool IsReady(JsonObject member) =>
        member["status"]?["phase"]?.ToString() == "Running" && member["metadata"]?["deletionTimestamp"] is null;

    private static DateTimeOffset? CreatedAt(JsonObject member) =>
        DateTimeOffset.TryParse(member["metadata"]?["creationTimestamp"]?.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;

    /// <summary>Whether two quantities are the same amount (<c>0.5</c> and <c>500m</c> are); an unreadable one matches nothing.</summary>
    public static bool SameQuantity(string left, string right) =>
        Quantities.ResourceQuantity.TryParse(left, out var a) && Quantities.ResourceQuantity.TryParse(right, out var b) && a == b;

    [LoggerMessage(Level = LogLevel.Information, Message = "Sandbox {Tenant}/{Sandbox} claimed warm member {Pod} of pool {Pool}")]
    private partial void LogClaimed(string tenant, string sandbox, string pool, string pod);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Warm pool {Tenant}/{Pool} creates no member: the tenant's policy denies it ({Rules})")]
    private partial void LogDenied(string tenant, string pool, string rules);
}
