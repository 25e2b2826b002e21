namespace Kabin.Sandboxes;

/// <summary>The CloudEvent types the sandbox function takes and emits.</summary>
public static class SandboxEventTypes
{
    public const string Requested = "dev.kabin.sandbox.requested";
    public const string StopRequested = "dev.kabin.sandbox.stop.requested";
    public const string Created = "dev.kabin.sandbox.created";
    public const string Running = "dev.kabin.sandbox.running";
    public const string Terminated = "dev.kabin.sandbox.terminated";
    public const string Expired = "dev.kabin.sandbox.expired";
    public const string Deleted = "dev.kabin.sandbox.deleted";
    public const string Rejected = "dev.kabin.sandbox.rejected";
    public const string CommandRequested = "dev.kabin.sandbox.command.requested";
    public const string CommandCompleted = "dev.kabin.sandbox.command.completed";

    /// <summary>ApiServerSource (mode Resource) events whose data is the whole Pod.</summary>
    public const string PodAdded = "dev.knative.apiserver.resource.add";
    public const string PodUpdated = "dev.knative.apiserver.resource.update";
    public const string PodDeleted = "dev.knative.apiserver.resource.delete";

    /// <summary>A PingSource tick: the reaper's clock.</summary>
    public const string Tick = "dev.knative.sources.ping";
}
