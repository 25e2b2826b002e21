namespace Kabin.Adapters.Dapr;

/// <summary>Options of the Dapr state store adapter (section <c>Kabin:State:Dapr</c>).</summary>
public sealed class DaprStateStoreOptions
{
    public const string SectionName = "Kabin:State:Dapr";

    /// <summary>The name of the Dapr state store component (its <c>metadata.name</c>).</summary>
    public string StoreName { get; set; } = "statestore";

    /// <summary>
    /// The sidecar's gRPC endpoint, e.g. <c>http://127.0.0.1:50001</c>. When unset, Dapr.Client
    /// reads <c>DAPR_GRPC_ENDPOINT</c> or <c>DAPR_GRPC_PORT</c> as the sidecar injector sets them.
    /// </summary>
    public string? GrpcEndpoint { get; set; }

    /// <summary>
    /// The sidecar's HTTP endpoint, e.g. <c>http://127.0.0.1:3500</c>, whose health API readiness
    /// checks. When unset, <c>DAPR_HTTP_ENDPOINT</c> or <c>DAPR_HTTP_PORT</c> (set by the sidecar
    /// injector) fill it in; with none of them the sidecar's health is not checked.
    /// </summary>
    public string? HttpEndpoint { get; set; }

    /// <summary>How long the host's start waits for the sidecar to be ready before it starts anyway (and reports not ready).</summary>
    public TimeSpan StartupWait { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How long one state call may take before it counts as a transient failure.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A delete writes a tombstone that expires after this many seconds instead of removing the
    /// key, so that stores which count versions per key (Redis) never give a re-created key an ETag
    /// a writer may still hold from before the delete. Longer than any delivery can run. 0 removes
    /// keys at once; only for stores whose ETags never repeat. Every other write then sends
    /// <c>ttlInSeconds: -1</c>, which the store must support (Redis, PostgreSQL and most others do).
    /// </summary>
    public int DeleteTombstoneSeconds { get; set; } = 86400;
}
