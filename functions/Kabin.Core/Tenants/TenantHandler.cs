using CloudNative.CloudEvents;
using Kabin.Cluster;
using Kabin.Events;
using Kabin.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kabin.Tenants;

/// <summary>
/// The tenant function. <c>created</c> and <c>updated</c> both mean "make the tenant look like
/// this spec": they validate, write the state admission reads (sandbox index, namespace entry,
/// tenant record) before the namespace is labelled for the tenant, apply every manifest
/// (namespace first), prune owner bindings no longer wanted, and only then list the tenant in the
/// tenant index. <c>deleted</c> removes access first (the tenant's EventPolicy, its owners'
/// bindings), then sandboxes, the namespace and, last, the records. Every step is idempotent: a
/// redelivered event re-applies identical manifests (a no-op under server-side apply) and writes
/// no state. Invalid values get a <c>rejected</c> reply; data that is not a tenant spec at all
/// (not a JSON object, wrong types, unknown fields) is a 422.
/// </summary>
public sealed partial class TenantHandler(
    IStateStore store,
    IClusterClient cluster,
    ITenantDirectory directory,
    IOptions<TenantOptions> options,
    TimeProvider timeProvider,
    ILogger<TenantHandler> logger) : IFunctionHandler
{
    private readonly TenantOptions _options = options.Value;

    public string FunctionName => KabinFunctions.Tenant;

    public IReadOnlyCollection<string> EventTypes { get; } =
        [TenantEventTypes.Created, TenantEventTypes.Updated, TenantEventTypes.Deleted];

    public void Validate(CloudEvent cloudEvent)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        _ = cloudEvent.Type switch
        {
            TenantEventTypes.Created or TenantEventTypes.Updated => (object)EventData.Read(cloudEvent, TenantJsonContext.Default.TenantSpec),
            TenantEventTypes.Deleted => EventData.Read(cloudEvent, TenantJsonContext.Default.TenantName),
            _ => null,
        };
    }

    public async Task<HandlerResult> HandleAsync(CloudEvent cloudEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        return cloudEvent.Type switch
        {
            TenantEventTypes.Created or TenantEventTypes.Updated => await ProvisionAsync(
                cloudEvent, EventData.Read(cloudEvent, TenantJsonContext.Default.TenantSpec), cancellationToken).ConfigureAwait(false),
            TenantEventTypes.Deleted => await DeprovisionAsync(
                cloudEvent, EventData.Read(cloudEvent, TenantJsonContext.Default.TenantName), cancellationToken).ConfigureAwait(false),
            _ => throw new UnhandledEventTypeException(cloudEvent.Type ?? "(none)"),
        };
    }

    private async Task<HandlerResult> ProvisionAsync(CloudEvent cloudEvent, TenantSpec spec, CancellationToken cancellationToken)
    {
        var validation = TenantSpecValidator.Validate(spec, _options);
        if (validation.Record is not { } desired || !validation.IsValid)
        {
            return Reject(cloudEvent, spec.Name, validation.Errors);
        }

        if (await OlderThanDeletionAsync(cloudEvent, desired.Name, cancellationToken).ConfigureAwait(false) is { } stale)
        {
            return Reject(cloudEvent, desired.Name, [stale]);
        }

        if (await ForeignNamespaceAsync(desired.Name, desired.Namespace, cancellationToken).ConfigureAwait(false) is { } foreign)
        {
            return Reject(cloudEvent, desired.Name, [foreign]);
        }

        // The policy record comes first: from the moment the namespace carries the tenant's label,
        // admission judges its pods by this spec (never by a missing or an older record).
        var manifests = TenantManifests.Build(desired, _options);
        var record = await SavePolicyStateAsync(desired, [.. manifests.Select(ResourceRef.Of)], cancellationToken).ConfigureAwait(false);
        directory.Invalidate(desired.Name);

        var applied = new List<Applied>();
        foreach (var manifest in manifests)
        {
            applied.Add(await ApplyAsync(manifest, cancellationToken).ConfigureAwait(false));
        }

        await PruneOwnerBindingsAsync(desired, applied, cancellationToken).ConfigureAwait(false);
        await PruneWarmPoolsAsync(desired, cancellationToken).ConfigureAwait(false);

        // Listed only once every object is applied.
        await UpdateTenantIndexAsync(desired.Name, add: true, cancellationToken).ConfigureAwait(false);
        LogProvisioned(desired.Name, desired.Namespace, record.Generation, applied.Count, cluster.Mode);

        var objects = applied.Select(item => cluster.Mode == ClusterMode.Plan ? item.Result : ReferenceOf(item.Result)).ToArray();
        var mode = cluster.Mode == ClusterMode.Plan ? "plan" : "apply";
        var provisioned = KabinCloudEvents.Create(
            KabinFunctions.Tenant, TenantEventTypes.Provisioned, desired.Name,
            new TenantProvisioned(desired.Name, desired.Namespace, mode, record.Generation, objects),
            // When the tenant took this shape: the same for every redelivery of the event that shaped it.
            TenantJsonContext.Default.TenantProvisioned, record.UpdatedAt, cloudEvent);
        return HandlerResult.ReplyWith(provisioned);
    }

    /// <summary>When the event is. CloudEvents' <c>time</c> where the sender set it, else its arrival.</summary>
    private DateTimeOffset OccurredAt(CloudEvent cloudEvent) => cloudEvent.Time ?? timeProvider.GetUtcNow();

    /// <summary>A refusal when the tenant was deleted by an event no older than this one (a redelivery or a late event).</summary>
    private async Task<FieldError?> OlderThanDeletionAsync(CloudEvent cloudEvent, string tenant, CancellationToken cancellationToken)
    {
        var tombstone = (await store.GetAsync(TenantStateKeys.Tombstone(tenant), TenantJsonContext.Default.TenantTombstone, cancellationToken)
            .ConfigureAwait(false))?.Value;
        var at = OccurredAt(cloudEvent);
        if (tombstone is null || at > tombstone.DeletedAt)
        {
            return null;
        }

        LogStale(tenant, cloudEvent.Type, at, tombstone.DeletedAt);
        return new FieldError("time",
            $"tenant '{tenant}' was deleted at {tombstone.DeletedAt:O}, and this event is from {at:O}: it is older than the deletion and does not bring the tenant back. Send a new event (with a later time) to create the tenant again.");
    }

    private HandlerResult Reject(CloudEvent cloudEvent, string? name, IReadOnlyList<FieldError> reasons)
    {
        // An invalid name is echoed back so the sender can match the reply, but never a huge one.
        var tenant = name is { Length: <= 253 } ? name : null;
        LogRejected(tenant, reasons.Count);
        return HandlerResult.ReplyWith(KabinCloudEvents.Create(
            KabinFunctions.Tenant, TenantEventTypes.Rejected, tenant, new TenantRejected(tenant, reasons),
            TenantJsonContext.Default.TenantRejected, cloudEvent.Time, cloudEvent));
    }
}
