namespace Kabin.Adapters.CloudEvents.Http;

/// <summary>The body of the health endpoints: status, the functions served and the event types handled.</summary>
public sealed record ReadinessReport(string Status, IReadOnlyList<string> Functions, IReadOnlyList<string> EventTypes);
