using System.Text.Json.Nodes;
using CloudNative.CloudEvents;
using Kabin.Cluster;
using Kabin.Events;
using Kabin.Policy;
using Kabin.State;
using Kabin.Tenants;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kabin.Sandboxes;

/// <summary>
/// The sandbox function: creates a Kata-backed pod per requested sandbox, follows it through the
/// state machine of <see cref="SandboxTransitions"/> on pod events, stops it on request and reaps
/// it when its time-to-live passes.
/// </summary>
public sealed partial class SandboxHandler(
    IStateStore store,
    IClusterClient cluster,
    ITenantDirectory tenants,
    IPolicyEngine policy,
    IOptions<SandboxOptions> options,
    TimeProvider timeProvider,
    ILogger<SandboxHandler> logger,
    Telemetry.KabinMetrics? metrics = null) : IFunctionHandler
{
    private readonly Telemetry.KabinMetrics _metrics = metrics ?? Telemetry.KabinMetrics.Unobserved;
    private readonly SandboxOptions _options = options.Value;
    private readonly SandboxStore _sandboxes = new(store, options.Value);
    private readonly SandboxDueSchedule _due = new(store, options.Value);
    private readonly SandboxReaperCursor _reaper = new(store, options.Value);
    private readonly Pools.SandboxWarmPools _pools = new(cluster, policy, options.Value, timeProvider, logger);
    private readonly AgentSandbox.AgentSandboxPools _agentPools = new(cluster, policy, options.Value, logger);

    public string FunctionName => KabinFunctions.Sandbox;

    public IReadOnlyCollection<string> EventTypes { get; } =
    [
        SandboxEventTypes.Requested,
        SandboxEventTypes.StopRequested,
        SandboxEventTypes.PodAdded,
        SandboxEventTypes.PodUpdated,
        SandboxEventTypes.PodDeleted,
        SandboxEventTypes.Tick,
    ];

    private TimeSpan GracePeriod => TimeSpan.FromSeconds(_options.StopGracePeriodSeconds);

    /// <summary>When the record of a sandbox that ends now is forgotten.</summary>
    private DateTimeOffset ForgetAt() => timeProvider.GetUtcNow().AddSeconds(_options.RecordRetentionSeconds);

    /// <summary>Pod events are claimed by subject, and only for pods labelled as sandboxes; the rest by type.</summary>
    public EventClaim Claim(CloudEvent cloudEvent)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        return cloudEvent.Type switch
        {
            SandboxEventTypes.PodAdded or SandboxEventTypes.PodUpdated or SandboxEventTypes.PodDeleted =>
                TryReadPod(cloudEvent) is { } pod && SandboxPodObservation.SandboxOf(pod) is not null
                    ? EventClaim.BySubject
                    : EventClaim.None,
            { } type when EventTypes.Contains(type) => EventClaim.ByType,
            _ => EventClaim.None,
        };
    }

    public void Validate(CloudEvent cloudEvent)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        _ = cloudEvent.Type switch
        {
            SandboxEventTypes.Requested => (object)EventData.Read(cloudEvent, SandboxJsonContext.Default.SandboxRequest),
            SandboxEventTypes.StopRequested => EventData.Read(cloudEvent, SandboxJsonContext.Default.SandboxStopRequest),
            _ => null,
        };
    }

    public Task<HandlerResult> HandleAsync(CloudEvent cloudEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        return cloudEvent.Type switch
        {
            SandboxEventTypes.Requested => HandleRequestAsync(cloudEvent, cancellationToken),
            SandboxEventTypes.StopRequested => HandleStopAsync(cloudEvent, cancellationToken),
            SandboxEventTypes.PodAdded or SandboxEventTypes.PodUpdated or SandboxEventTypes.PodDeleted =>
                HandlePodEventAsync(cloudEvent, cancellationToken),
            SandboxEventTypes.Tick => HandleTickAsync(cloudEvent, cancellationToken),
            _ => throw new UnhandledEventTypeException(cloudEvent.Type ?? "(none)"),
        };
    }

    private static JsonObject? TryReadPod(CloudEvent cloudEvent)
    {
        try
        {
            return EventData.Read(cloudEvent, KabinJsonContext.Default.JsonObject);
        }
        catch (InvalidEventDataException)
        {
            return null;
        }
    }

    private static ResourceRef WorkloadOf(SandboxRecord record) => record.Workload();

    /// <summary>
    /// Applies one trigger; a terminal state frees the sandbox's place in the count, naming the
    /// event that ended it. The index is brought in line with a terminal record even when this
    /// event changed nothing: the delivery that ended the sandbox may have died between the two
    /// writes, and its redelivery (or any later event) finishes the end.
    /// </summary>
    private async Task<(SandboxRecord? Before, SandboxRecord? After)> MoveAsync(
        string tenant, string name, Func<SandboxRecord, SandboxRecord?> change, CancellationToken cancellationToken, string? cause = null)
    {
        var (before, after) = await _sandboxes.UpdateAsync(tenant, name, change, cancellationToken).ConfigureAwait(false);
        if (after is not null)
        {
            LogTransition(tenant, name, before!.State, after.State);
            if (after.State != before.State)
            {
                _metrics.SandboxEntered(after.State.ToString());
                if (after.State == SandboxState.Running)
                {
                    _metrics.SandboxStarted(warm: false, after.EnteredStateAt() - after.CreatedAt);
                }
            }
        }

        if ((after ?? before) is { } current && SandboxTransitions.IsTerminal(current.State))
        {
            await EndInIndexAsync(current, after is null ? null : cause, cancellationToken).ConfigureAwait(false);
        }

        return (before, after);
    }

    /// <summary>
    /// Moves a terminal sandbox from the live entries to the ended ones, once (a no-op when it is
    /// there already). A pod that finished on its own stays for its logs, then a tick deletes it;
    /// the others are gone already. The new deadlines are scheduled after the move, so that late
    /// events about an ended sandbox schedule nothing; a crash in between is healed by the reap at
    /// the sandbox's own time-to-live (scheduled with its request), which schedules the tenant's
    /// next deadline.
    /// </summary>
    private async Task EndInIndexAsync(SandboxRecord record, string? endedBy, CancellationToken cancellationToken)
    {
        var podDeleteAt = record.State is SandboxState.Succeeded or SandboxState.Failed
            ? timeProvider.GetUtcNow().AddSeconds(_options.FinishedPodRetentionSeconds)
            : (DateTimeOffset?)null;
        var forgetAt = ForgetAt();
        if (await _sandboxes.EndAsync(record.Tenant, record.Name, forgetAt, endedBy, cancellationToken, podDeleteAt).ConfigureAwait(false)
            is not { } ended)
        {
            return;
        }

        if (ended > _options.MaxEndedRecords)
        {
            // The next tick forgets the oldest ended sandboxes of this tenant.
            await _due.ScheduleAsync(record.Tenant, timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }

        if (podDeleteAt is { } deleteAt)
        {
            await _due.ScheduleAsync(record.Tenant, deleteAt, cancellationToken).ConfigureAwait(false);
        }

        await _due.ScheduleAsync(record.Tenant, forgetAt, cancellationToken).ConfigureAwait(false);
    }

    private CloudEvent EventFor(SandboxRecord record, string type, CloudEvent cause) =>
        SandboxEvents.For(record, type, cluster.Mode == ClusterMode.Plan, cause);

    /// <summary>What the record answered to <paramref name="cause"/> before, or else an event of <paramref name="type"/> about it now.</summary>
    private CloudEvent AnswerFor(SandboxRecord record, string type, CloudEvent cause) =>
        record.AnswerTo(EventKey.Of(cause)) is { } earlier ? SandboxEvents.From(earlier, cause) : EventFor(record, type, cause);

    /// <summary>The moved record with the event its transition emits stored as the answer to <paramref name="cause"/>.</summary>
    private static SandboxRecord? Answered(SandboxRecord? moved, CloudEvent cause, DateTimeOffset at)
    {
        if (moved is null || SandboxEvents.OnEntering(moved.State) is not { } type)
        {
            return moved;
        }

        var data = SandboxEvents.DataFor(moved, type, withPod: false);
        return moved.Answering(new SandboxAnswer(EventKey.Of(cause), type, at, data, SandboxEvents.IdFor(data, type, cause)));
    }
}
