using System.Text.Json.Serialization;
using Kabin.Json;

namespace Kabin.Sandboxes;

/// <summary>
/// The data of <c>dev.kabin.sandbox.requested</c>. Only <c>tenant</c>, <c>name</c> and
/// <c>image</c> are required: the runtime class defaults to the tenant's default class, the size
/// to <c>Kabin:Sandboxes:DefaultCpu</c>/<c>DefaultMemory</c> (capped at the tenant's largest
/// sandbox) and the time-to-live to <c>DefaultTtlSeconds</c>.
/// </summary>
public sealed record SandboxRequest
{
    [JsonConverter(typeof(BoundedNameConverter))]
    public string? Tenant { get; init; }

    /// <summary>A DNS label unique within the tenant; a name is never reused while its record exists.</summary>
    [JsonConverter(typeof(BoundedNameConverter))]
    public string? Name { get; init; }

    public string? Image { get; init; }

    public IReadOnlyList<string>? Command { get; init; }

    public IReadOnlyList<string>? Args { get; init; }

    public IReadOnlyDictionary<string, string>? Env { get; init; }

    /// <summary>CPU of the VM (limit = request), a Kubernetes quantity such as <c>1</c> or <c>500m</c>.</summary>
    public string? Cpu { get; init; }

    /// <summary>Memory of the VM (limit = request), a Kubernetes quantity such as <c>1Gi</c>.</summary>
    public string? Memory { get; init; }

    /// <summary>One of the tenant's VM runtime classes.</summary>
    public string? RuntimeClass { get; init; }

    /// <summary>
    /// A warm pool of the tenant to take a Running sandbox from; its class, size and image are the
    /// request's. Without it, a pool of exactly the request's class, size and image serves it.
    /// </summary>
    public string? Pool { get; init; }

    /// <summary>
    /// Commands to run, one after another, once the sandbox is Running (each as
    /// <c>dev.kabin.sandbox.command.requested</c>, answered by <c>command.completed</c>); the next runs
    /// only after the one before exited 0.
    /// </summary>
    public IReadOnlyList<Work.SandboxCommand>? Commands { get; init; }

    /// <summary>Seconds until the sandbox is expired (the pod's <c>activeDeadlineSeconds</c>).</summary>
    public int? TtlSeconds { get; init; }
}
