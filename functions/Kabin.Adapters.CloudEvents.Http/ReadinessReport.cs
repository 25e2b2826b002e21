using System.Text.Json.Serialization;

namespace Kabin.Adapters.CloudEvents.Http;

/// <summary>
/// The body of the health endpoints: status, the functions served, the event types handled, and
/// while the status is <c>waiting</c>, what readiness waits for (<c>dapr-sidecar</c>).
/// </summary>
public sealed record ReadinessReport(
    string Status,
    IReadOnlyList<string> Functions,
    IReadOnlyList<string> EventTypes,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? WaitingFor = null);
