namespace Kabin.Sandboxes;

/// <summary>Options of the sandbox function (section <c>Kabin:Sandboxes</c>).</summary>
public sealed class SandboxOptions
{
    public const string Section = "Kabin:Sandboxes";

    /// <summary>What runs sandboxes: <see cref="SandboxBackends.Pods"/> (the default) or <see cref="SandboxBackends.AgentSandbox"/>.</summary>
    public string Backend { get; set; } = SandboxBackends.Pods;

    /// <summary>CPU of a sandbox that names none, capped at the tenant's largest sandbox.</summary>
    public string DefaultCpu { get; set; } = "1";

    /// <summary>Memory of a sandbox that names none, capped at the tenant's largest sandbox.</summary>
    public string DefaultMemory { get; set; } = "1Gi";

    /// <summary>Time-to-live of a sandbox that names none.</summary>
    public int DefaultTtlSeconds { get; set; } = 3600;

    /// <summary>The longest time-to-live a request may ask for; longer requests are rejected.</summary>
    public int MaxTtlSeconds { get; set; } = 86400;

    /// <summary>The grace period of the pod deletion on stop and on expiry.</summary>
    public int StopGracePeriodSeconds { get; set; } = 10;

    /// <summary>How long the record of an ended sandbox is kept for polling; after that the name is free again.</summary>
    public int RecordRetentionSeconds { get; set; } = 7 * 24 * 3600;

    /// <summary>
    /// How long the pod of a sandbox that finished on its own (Succeeded, Failed) stays for its logs
    /// before a tick deletes it; the record keeps the exit code and history. 0 deletes at the next tick.
    /// </summary>
    public int FinishedPodRetentionSeconds { get; set; } = 3600;

    /// <summary>
    /// How many ended sandboxes a tenant's index keeps for polling at most. Past it, a tick forgets
    /// the oldest ones early (their records, and their pods if still there), so that the index, read
    /// and rewritten by every request and stop, stays small however many sandboxes a tenant runs in
    /// a week of retention.
    /// </summary>
    public int MaxEndedRecords { get; set; } = 200;

    /// <summary>Prefix of the pod name: <c>{prefix}{name}</c>.</summary>
    public string PodNamePrefix { get; set; } = "sbx-";

    /// <summary>How long a request waits for a booting member of its warm pool before it starts a cold sandbox.</summary>
    public int WarmClaimGraceMilliseconds { get; set; } = 2000;

    /// <summary>How long a warm pool's member may take to become Running before it is replaced.</summary>
    public int WarmMemberReadySeconds { get; set; } = 300;

    /// <summary>Limits on commands and files in sandboxes (<c>Kabin:Sandboxes:Work</c>).</summary>
    public Work.SandboxWorkOptions Work { get; set; } = new();

    /// <summary>The size limit of a sandbox's writable <c>/work</c> (an emptyDir; the root filesystem is read-only).</summary>
    public string WorkSizeLimit { get; set; } = "1Gi";

    /// <summary>
    /// Refuse sandbox events without the <c>kabintenant</c> attribute (on in the shipped manifests,
    /// where each tenant's EventPolicy admits its senders only for their own tenant). An event
    /// whose attribute names another tenant than its data is refused either way.
    /// </summary>
    public bool RequireTenantAttribute { get; set; }

    /// <summary>
    /// How long a delivery of a sandbox request holds its claim on the name before a redelivery of
    /// the same request may take the creation over (after a crash, say). Longer than the slowest
    /// creation (a state write and a pod apply), or two deliveries could both write the record.
    /// </summary>
    public int ClaimLeaseSeconds { get; set; } = 30;

    /// <summary>
    /// In how many tenants one tick expires sandboxes at most. Once it has, the tenants it has not
    /// reaped yet wait in the next minute's due bucket for that minute's tick, so a tick's work and
    /// the list of tenants it keeps for its redelivery (which must fit in one state value) stay
    /// bounded however many tenants come due at once. At most 1,000: with a tick a minute, that is
    /// 1,000 tenants with expiries per minute.
    /// </summary>
    public int MaxTenantsPerTick { get; set; } = 1000;

    /// <summary>How often one event retries a write that lost an ETag race before answering 409.</summary>
    public int MaxConflictRetries { get; set; } = 100;

    /// <summary>Whether agent-sandbox runs the sandboxes (<see cref="Backend"/>).</summary>
    internal bool UsesAgentSandbox() => Backend == SandboxBackends.AgentSandbox;
}
