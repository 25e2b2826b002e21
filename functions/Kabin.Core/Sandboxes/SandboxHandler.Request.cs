using System.Globalization;
using CloudNative.CloudEvents;
using Kabin.Events;
using Kabin.Policy;

namespace Kabin.Sandboxes;

public sealed partial class SandboxHandler
{
    private async Task<HandlerResult> HandleRequestAsync(CloudEvent cloudEvent, CancellationToken cancellationToken)
    {
        var request = EventData.Read(cloudEvent, SandboxJsonContext.Default.SandboxRequest);
        SandboxRequestValidator.Validate(request, _options);
        cloudEvent.EnsureActsFor(request.Tenant, _options.RequireTenantAttribute);
        var (tenantName, name) = (request.Tenant!, request.Name!);
        if (await _sandboxes.GetAsync(tenantName, name, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return await RepeatAsync(existing.Value, cloudEvent, cancellationToken).ConfigureAwait(false);
        }

        if (await tenants.FindByNameAsync(tenantName, cancellationToken).ConfigureAwait(false) is not { } tenant)
        {
            return Reject(tenantName, name, cloudEvent, new PolicyViolation("tenant/unknown", "tenant",
                $"Tenant '{tenantName}' is not provisioned. Send dev.kabin.tenant.created first, or name an existing tenant."));
        }

        var pool = Pools.SandboxWarmPools.Match(request, tenant, _options);
        if (request.Pool is { } named)
        {
            if (pool is null)
            {
                return Reject(tenantName, name, cloudEvent, new PolicyViolation("sandbox/unknown-pool", "pool",
                    $"Tenant '{tenantName}' has no warm pool '{named}'; name one of its warmPools, or leave pool out."));
            }

            if ((request.Image ?? pool.Image) != pool.Image || (request.RuntimeClass ?? pool.RuntimeClass) != pool.RuntimeClass
                || (request.Cpu is not null && !Pools.SandboxWarmPools.SameQuantity(request.Cpu, pool.Cpu))
                || (request.Memory is not null && !Pools.SandboxWarmPools.SameQuantity(request.Memory, pool.Memory))
                || request.Command is { Count: > 0 } || request.Args is { Count: > 0 } || request.Env is { Count: > 0 })
            {
                return Reject(tenantName, name, cloudEvent, new PolicyViolation("sandbox/pool-mismatch", "pool",
                    $"Warm pool '{named}' runs {pool.Image} on {pool.RuntimeClass} with {pool.Cpu} CPU and {pool.Memory}, without a command of its own; leave those fields out or make them match. Run work through commands."));
            }

            request = request with { Image = pool.Image, RuntimeClass = pool.RuntimeClass, Cpu = pool.Cpu, Memory = pool.Memory };
        }

        var ttl = request.TtlSeconds ?? _options.DefaultTtlSeconds;
        if (ttl > _options.MaxTtlSeconds)
        {
            return Reject(tenantName, name, cloudEvent, new PolicyViolation("sandbox/max-ttl", "ttlSeconds",
                $"A sandbox lives at most {_options.MaxTtlSeconds.ToString(CultureInfo.InvariantCulture)} seconds; ask for less."));
        }

        var now = timeProvider.GetUtcNow();
        var expiresAt = now.AddSeconds(ttl);
        var pod = SandboxPods.Build(request, tenant, _options, ttl, expiresAt);
        var verdict = policy.Check(pod, tenant);
        if (!verdict.Allowed)
        {
            return Reject(tenantName, name, cloudEvent, [.. verdict.Violations]);
        }

        // Scheduled before the claim: a claim whose schedule was never written would never expire.
        await _due.ScheduleAsync(tenantName, expiresAt, cancellationToken).ConfigureAwait(false);
        var claim = Guid.NewGuid().ToString("N");
        var (outcome, claimed) = await _sandboxes.AddToIndexAsync(
            tenantName, new SandboxIndexEntry(name, expiresAt, cloudEvent.Id, Claim: claim, ClaimedAt: now), tenant.Sandboxes.Max, cancellationToken).ConfigureAwait(false);
        switch (outcome)
        {
            case SandboxIndexAdd.NoIndex:
                return Reject(tenantName, name, cloudEvent, new PolicyViolation("tenant/not-provisioned", "tenant",
                    $"Tenant '{tenantName}' has no sandbox index: it is being provisioned or deleted. Retry once it is provisioned."));
            case SandboxIndexAdd.Full:
                return Reject(tenantName, name, cloudEvent, new PolicyViolation("sandbox/max-count", "tenant.sandboxes.max",
                    $"Tenant '{tenantName}' already runs its maximum of {tenant.Sandboxes.Max.ToString(CultureInfo.InvariantCulture)} sandboxes. Stop one or wait for one to end."));
            case SandboxIndexAdd.Exists when claimed?.RequestId != cloudEvent.Id:
                // Another request holds the name; its record is written right after the claim.
                return await _sandboxes.GetAsync(tenantName, name, cancellationToken).ConfigureAwait(false) is { } other
                    ? await RepeatAsync(other.Value, cloudEvent, cancellationToken).ConfigureAwait(false)
                    : throw new TransientFailureException(
                        $"Sandbox {tenantName}/{name} is being created by a concurrent request; retry to get its state.");
        }

        if (claimed is not null)
        {
            // This very request claimed the name in another delivery. Its record may be written by now;
            // if not, that delivery is still at work (within the lease) or was cut short (take it over).
            if (await _sandboxes.GetAsync(tenantName, name, cancellationToken).ConfigureAwait(false) is { } written)
            {
                return await RepeatAsync(written.Value, cloudEvent, cancellationToken).ConfigureAwait(false);
            }

            if (claimed.ClaimedAt is { } since && now - since < _sandboxes.ClaimLease)
            {
                throw new TransientFailureException(
                    $"Sandbox {tenantName}/{name} is being created by another delivery of this request; retry to get its state.");
            }

            if (!await _sandboxes.TakeOverClaimAsync(tenantName, claimed, claim, now, cancellationToken).ConfigureAwait(false))
            {
                throw new TransientFailureException($"Sandbox {tenantName}/{name}: the claim changed while taking it over; retry.");
            }
        }

        // Added, or this request's earlier delivery was cut short and its claim is now ours: write the record and go on.
        if (claimed is not null && claimed.ExpiresAt != expiresAt)
        {
            (expiresAt, pod) = (claimed.ExpiresAt, SandboxPods.Build(request, tenant, _options, ttl, claimed.ExpiresAt));
        }

        var (cpu, memory) = SandboxPods.SizeOf(request, tenant, _options);
        var record = new SandboxRecord
        {
            Tenant = tenantName,
            Name = name,
            Namespace = tenant.Namespace,
            PodName = _options.PodNamePrefix + name,
            State = SandboxState.Requested,
            Image = request.Image!,
            RuntimeClass = request.RuntimeClass ?? tenant.DefaultRuntimeClass,
            Cpu = cpu,
            Memory = memory,
            TtlSeconds = ttl,
            CreatedAt = now,
            ExpiresAt = expiresAt,
            RequestId = cloudEvent.Id,
            Commands = request.Commands is { Count: > 0 } commands ? commands : null,
            Pod = pod,
            History = [new SandboxHistoryEntry(SandboxState.Requested, now, "requested")],
        };
        if (_options.UsesAgentSandbox())
        {
            record = record with
            {
                Pod = pool is null
                    ? AgentSandbox.AgentSandboxObjects.Sandbox(pod, expiresAt)
                    : AgentSandbox.AgentSandboxObjects.Claim(pod, pool, expiresAt, _options),
            };
        }
        else if (pool is not null && cluster.Mode == Cluster.ClusterMode.Apply
            && await ClaimWarmAsync(record, tenant, pool, request.Pool is not null, takingOver: claimed is not null, cancellationToken).ConfigureAwait(false) is { } warm)
        {
            // Independent of each other: the record write and the replacement member's start.
            await Task.WhenAll(_sandboxes.CreateAsync(warm, cancellationToken), RefillAsync(tenant, pool, cancellationToken)).ConfigureAwait(false);
            _metrics.SandboxEntered(nameof(SandboxState.Requested));
            _metrics.SandboxEntered(nameof(SandboxState.Running));
            _metrics.SandboxStarted(warm: true, warm.EnteredStateAt() - warm.CreatedAt);
            var running = EventFor(warm, SandboxEventTypes.Running, cloudEvent);
            return HandlerResult.ReplyWith(running, warm.Commands is { Count: > 0 }
                ? [Work.SandboxCommandHandler.StepEvent(tenantName, name, 0, cloudEvent, warm.CreatedAt)]
                : []);
        }

        await _sandboxes.CreateAsync(record, cancellationToken).ConfigureAwait(false);
        _metrics.SandboxEntered(nameof(SandboxState.Requested));
        return await CreatePodAsync(record, cloudEvent, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The record of a sandbox served by a Running member of its warm pool, or null when no member
    /// became Running within the grace (the request then boots a cold one). A delivery taking over
    /// from one cut short first looks for the member that one may already have claimed.
    /// </summary>
    private async Task<SandboxRecord?> ClaimWarmAsync(
        SandboxRecord record, Tenants.TenantRecord tenant, Tenants.WarmPool pool, bool named, bool takingOver, CancellationToken cancellationToken)
    {
        var earlier = takingOver
            ? await cluster.ListAsync("v1", "Pod", tenant.Namespace, $"{SandboxLabels.Tenant}={tenant.Name},{SandboxLabels.Sandbox}={record.Name}", cancellationToken)
                .ConfigureAwait(false)
            : [];
        var adopted = earlier.Count > 0 ? earlier[0] : null;
        adopted ??= await _pools.ClaimAsync(tenant, pool, named, record.Name, record.TtlSeconds, record.ExpiresAt, cancellationToken).ConfigureAwait(false);
        if (adopted is null)
        {
            return null;
        }

        var at = timeProvider.GetUtcNow();
        // Under OnReplenish a request naming the pool may get a member of the pool's older template: the record says what runs.
        return record with
        {
            Image = adopted["spec"]?["containers"]?[0]?["image"]?.ToString() ?? record.Image,
            PodName = adopted["metadata"]!["name"]!.ToString(),
            Pod = Manifest(adopted),
            State = SandboxState.Running,
            Phase = "Running",
            History = [.. record.History, new SandboxHistoryEntry(SandboxState.Running, at, $"claimed from warm pool {pool.Name}")],
        };
    }

    /// <summary>The pod as a manifest (what the record shows as its pod): without the status and the server's bookkeeping.</summary>
    private static System.Text.Json.Nodes.JsonObject Manifest(System.Text.Json.Nodes.JsonObject pod)
    {
        var manifest = (System.Text.Json.Nodes.JsonObject)pod.DeepClone();
        manifest.Remove("status");
        (manifest["metadata"] as System.Text.Json.Nodes.JsonObject)?.Remove("managedFields");
        return manifest;
    }

    /// <summary>A claim takes a member out of the pool: a new one starts now, not at the next tick. A failure is left to the tick's upkeep.</summary>
    private async Task RefillAsync(Tenants.TenantRecord tenant, Tenants.WarmPool pool, CancellationToken cancellationToken)
    {
        try
        {
            await _pools.CreateMemberAsync(tenant, pool, cancellationToken).ConfigureAwait(false);
        }
        catch (KabinException failure)
        {
            LogRefillFailed(tenant.Name, pool.Name, failure);
        }
    }

    /// <summary>A request for a name that exists: finish a creation cut short, else report where the sandbox is.</summary>
    private async Task<HandlerResult> RepeatAsync(SandboxRecord existing, CloudEvent cloudEvent, CancellationToken cancellationToken) =>
        existing.State == SandboxState.Requested
            ? await CreatePodAsync(existing, cloudEvent, cancellationToken).ConfigureAwait(false)
            : HandlerResult.ReplyWith(EventFor(existing, SandboxEvents.Current(existing.State), cloudEvent));

    private async Task<HandlerResult> CreatePodAsync(SandboxRecord record, CloudEvent cloudEvent, CancellationToken cancellationToken)
    {
        try
        {
            await cluster.ApplyAsync(record.Pod, cancellationToken).ConfigureAwait(false);
        }
        catch (ClusterRejectedException e)
        {
            // The API server will never take this pod: free the name and the place in the count.
            await _sandboxes.DeleteAsync(record.Tenant, record.Name, cancellationToken).ConfigureAwait(false);
            await _sandboxes.RemoveFromIndexAsync(record.Tenant, record.Name, cancellationToken).ConfigureAwait(false);
            return Reject(record.Tenant, record.Name, cloudEvent, new PolicyViolation("cluster/rejected", "pod", e.Message));
        }

        var at = timeProvider.GetUtcNow();
        var workload = record.Workload();
        var (before, after) = await MoveAsync(record.Tenant, record.Name,
            current => SandboxStateMachine.Move(current, SandboxTrigger.PodApplied, at, workload.Kind == "Pod" ? "pod applied" : $"{workload.Kind} applied"),
            cancellationToken).ConfigureAwait(false);
        if (workload.Kind == AgentSandbox.AgentSandboxKinds.SandboxClaim && cluster.Mode == Cluster.ClusterMode.Apply
            && await AwaitClaimBoundAsync(record, cloudEvent, cancellationToken).ConfigureAwait(false) is { } bound)
        {
            return bound;
        }

        var now = after ?? before ?? record;
        return HandlerResult.ReplyWith(EventFor(now, SandboxEvents.Current(now.State), cloudEvent));
    }

    private HandlerResult Reject(string tenant, string name, CloudEvent cloudEvent, params PolicyViolation[] reasons)
    {
        LogRejected(tenant, name, string.Join(',', reasons.Select(reason => reason.Rule)));
        return HandlerResult.ReplyWith(SandboxEvents.Rejected(tenant, name, reasons, cloudEvent));
    }
}
