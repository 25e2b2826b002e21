namespace Kabin.Sandboxes;

/// <summary>
/// The tenants with something due in one minute (a sandbox's time-to-live, a finished pod's
/// deletion, an ended record's retention), in one of <see cref="SandboxDueSchedule.Shards"/>
/// shards by tenant. A name here means "reap this tenant then"; it never names what is due.
/// </summary>
public sealed record SandboxDueBucket(IReadOnlyList<string> Tenants);
