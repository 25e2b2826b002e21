using CloudNative.CloudEvents;

namespace Kabin.Adapters.CloudEvents;

/// <summary>The events one request carried, and whether it was a batch (whose answer is a batch too).</summary>
public sealed record IncomingEvents(IReadOnlyList<CloudEvent> Events, bool IsBatch);
