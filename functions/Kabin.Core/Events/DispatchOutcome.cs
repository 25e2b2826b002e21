using CloudNative.CloudEvents;

namespace Kabin.Events;

/// <summary>The result of dispatching one event: the reply for the HTTP response and which functions ran.</summary>
public sealed record DispatchOutcome(CloudEvent? Reply, IReadOnlyList<string> Functions);
