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

    /// <summary>How long one state call may take before it counts as a transient failure.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);
}
