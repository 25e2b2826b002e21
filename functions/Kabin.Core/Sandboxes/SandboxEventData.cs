using System.Text.Json.Nodes;
using Kabin.Policy;

namespace Kabin.Sandboxes;

/// <summary>
/// The data of every event the sandbox function emits. <c>created</c> carries the pod manifest in
/// plan mode; <c>terminated</c> the pod's phase, exit code and reason; <c>rejected</c> the reasons,
/// each naming its rule.
/// </summary>
public sealed record SandboxEventData
{
    public required string Tenant { get; init; }

    public required string Name { get; init; }

    /// <summary>The sandbox's state; null on <c>rejected</c>, where none was created.</summary>
    public SandboxState? State { get; init; }

    public string? Namespace { get; init; }

    public string? PodName { get; init; }

    public string? RuntimeClass { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    public string? Phase { get; init; }

    public int? ExitCode { get; init; }

    public string? Reason { get; init; }

    /// <summary>The pod manifest, on <c>created</c> in plan mode.</summary>
    public JsonObject? Pod { get; init; }

    /// <summary>Why a request was refused, on <c>rejected</c>.</summary>
    public IReadOnlyList<PolicyViolation>? Reasons { get; init; }
}
