using CloudNative.CloudEvents;

namespace Kabin.Events;

/// <summary>
/// One function's handling of the CloudEvent types it registers. A handler returns at most one
/// reply; further events it emits go out through the <see cref="IEventSink"/>.
/// </summary>
public interface IFunctionHandler
{
    /// <summary>The function this handler belongs to: <c>tenant</c>, <c>policy</c> or <c>sandbox</c>.</summary>
    string FunctionName { get; }

    /// <summary>The CloudEvent <c>type</c> values this handler registers.</summary>
    IReadOnlyCollection<string> EventTypes { get; }

    /// <summary>
    /// How strongly this handler claims an event of one of its types. Most handlers claim by type;
    /// one that only cares about some subjects (a pod labelled <c>kabin.dev/sandbox</c>) claims
    /// those by subject and the rest not at all.
    /// </summary>
    EventClaim Claim(CloudEvent cloudEvent) =>
        cloudEvent.Type is { } type && EventTypes.Contains(type) ? EventClaim.ByType : EventClaim.None;

    /// <summary>
    /// Refuses (throws <see cref="InvalidEventDataException"/>) data this handler could never act
    /// on, without any effect: a batch is checked whole this way before any of its events runs.
    /// </summary>
    void Validate(CloudEvent cloudEvent)
    {
    }

    /// <summary>Handles one event. Throws a <see cref="KabinException"/> subtype for input or transient failures.</summary>
    Task<HandlerResult> HandleAsync(CloudEvent cloudEvent, CancellationToken cancellationToken);
}
