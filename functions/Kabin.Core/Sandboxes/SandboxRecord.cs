using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Kabin.Sandboxes;

/// <summary>
/// A sandbox as stored at <see cref="SandboxStateKeys.Record"/>: what was asked for, the pod that
/// runs it, where it is in its lifecycle and how it got there. Kept after the sandbox ends, for
/// polling, until its tenant is deleted.
/// </summary>
public sealed record SandboxRecord
{
    public required string Tenant { get; init; }

    public required string Name { get; init; }

    public required string Namespace { get; init; }

    public required string PodName { get; init; }

    public required SandboxState State { get; init; }

    public required string Image { get; init; }

    public required string RuntimeClass { get; init; }

    public required string Cpu { get; init; }

    public required string Memory { get; init; }

    public required int TtlSeconds { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>The id of the request event that created the sandbox.</summary>
    public string? RequestId { get; init; }

    /// <summary>The commands the request asked to run once the sandbox is Running.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Work.SandboxCommand>? Commands { get; init; }

    /// <summary>
    /// The manifest Kabin applies (and shows in plan mode): the sandbox's pod, or with the
    /// agent-sandbox backend its SandboxClaim or Sandbox. <see cref="PodName"/> is the pod that runs it.
    /// </summary>
    public required JsonObject Pod { get; init; }

    /// <summary>The object that runs the sandbox, as <see cref="Pod"/> names it: what a stop deletes and whose events move the record.</summary>
    public Cluster.ResourceRef Workload()
    {
        var reference = Cluster.ResourceRef.Of(Pod);
        return reference.Namespace is null ? reference with { Namespace = Namespace } : reference;
    }

    /// <summary>The pod's last reported phase.</summary>
    public string? Phase { get; init; }

    public int? ExitCode { get; init; }

    public string? Reason { get; init; }

    /// <summary>The resourceVersion of the last pod event applied; older ones are ignored.</summary>
    public long? PodResourceVersion { get; init; }

    public IReadOnlyList<SandboxHistoryEntry> History { get; init; } = [];

    /// <summary>
    /// What the last transitions emitted, by cause (at most <see cref="MaxAnswers"/>): bookkeeping
    /// for redeliveries, left out of the API's view.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<SandboxAnswer>? Answers { get; init; }

    /// <summary>A sandbox makes at most six transitions; the bound only guards against a record that loops.</summary>
    public const int MaxAnswers = 16;

    /// <summary>The record with <paramref name="answer"/> added, the oldest dropped past the bound.</summary>
    public SandboxRecord Answering(SandboxAnswer answer) =>
        this with { Answers = [.. (Answers ?? []).TakeLast(MaxAnswers - 1), answer] };

    /// <summary>When the sandbox entered its current state: its last history entry, else its creation.</summary>
    public DateTimeOffset EnteredStateAt() => History.Count > 0 ? History[^1].At : CreatedAt;

    /// <summary>What this record answered to <paramref name="cause"/>, if a transition it caused emitted an event.</summary>
    public SandboxAnswer? AnswerTo(string cause) => Answers?.LastOrDefault(answer => answer.Cause == cause);
}
