namespace Kabin.Sandboxes;

/// <summary>
/// Where the reaper is. Every due bucket up to and including the minute <see cref="Through"/> has
/// been reaped. <see cref="Recent"/> are the last ticks that expired something, with the tenants
/// they did it in, so that a redelivered tick reaps those tenants again and answers the same
/// events. <see cref="Unpublished"/> is read from earlier versions only: a tenant whose
/// <c>expired</c> events the sink has not taken is now due again in the next minute instead, so
/// that no list in this one key grows with the fleet.
/// </summary>
public sealed record SandboxReaperState(DateTimeOffset Through)
{
    public IReadOnlyList<string> Unpublished { get; init; } = [];

    public IReadOnlyList<SandboxReaperTick> Recent { get; init; } = [];
}

/// <summary>One tick (its cause, as <see cref="Events.EventKey"/> writes it) and the tenants in which it expired sandboxes.</summary>
public sealed record SandboxReaperTick(string Tick, IReadOnlyList<string> Tenants);
