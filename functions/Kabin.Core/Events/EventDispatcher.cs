using System.Diagnostics;
using CloudNative.CloudEvents;
using Kabin.Telemetry;
using Microsoft.Extensions.Logging;

namespace Kabin.Events;

/// <summary>
/// Gives an event to every enabled function that claims it. The most specific claim's reply is
/// the reply; every other reply and every published event goes to the sink. A failure in any
/// handler fails the whole event so that it is redelivered; handlers are idempotent.
/// </summary>
public sealed partial class EventDispatcher
{
    private readonly IFunctionHandler[] _handlers;
    private readonly IEventSink _sink;
    private readonly ILogger<EventDispatcher> _logger;
    private readonly KabinMetrics _metrics;

    public EventDispatcher(
        IEnumerable<IFunctionHandler> handlers, IEventSink sink, ILogger<EventDispatcher> logger, KabinMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        _handlers = [.. handlers];
        HandledTypes = _handlers.SelectMany(handler => handler.EventTypes).ToHashSet(StringComparer.Ordinal);
        _sink = sink;
        _logger = logger;
        _metrics = metrics ?? KabinMetrics.Unobserved;
    }

    /// <summary>Every event type some enabled handler registers.</summary>
    public IReadOnlySet<string> HandledTypes { get; }

    /// <summary>Throws what dispatching would throw for the event's type or data, before any effect.</summary>
    public void Validate(CloudEvent cloudEvent)
    {
        var startedAt = Stopwatch.GetTimestamp();
        try
        {
            foreach (var handler in ClaimantsOf(cloudEvent))
            {
                handler.Validate(cloudEvent);
            }
        }
        catch (Exception e) when (e is InvalidEventDataException or UnhandledEventTypeException)
        {
            _metrics.EventHandled(TypeLabel(cloudEvent), "rejected", KabinMetrics.SecondsSince(startedAt));
            throw;
        }
    }

    /// <summary>Dispatches the event and counts it by type and outcome (<c>kabin.events</c>).</summary>
    public async Task<DispatchOutcome> DispatchAsync(CloudEvent cloudEvent, CancellationToken cancellationToken)
    {
        var startedAt = Stopwatch.GetTimestamp();
        var outcome = "failed";
        try
        {
            var dispatched = await DispatchToClaimantsAsync(cloudEvent, cancellationToken).ConfigureAwait(false);
            outcome = dispatched.Functions.Count == 0 ? "ignored" : "handled";
            return dispatched;
        }
        catch (Exception e) when (e is InvalidEventDataException or UnhandledEventTypeException)
        {
            outcome = "rejected";
            throw;
        }
        finally
        {
            _metrics.EventHandled(TypeLabel(cloudEvent), outcome, KabinMetrics.SecondsSince(startedAt));
        }
    }

    /// <summary>The event's type as a label: one some handler registers, else <c>other</c>, so that senders cannot add series.</summary>
    private string TypeLabel(CloudEvent cloudEvent) =>
        cloudEvent?.Type is { } type && HandledTypes.Contains(type) ? type : "other";

    private async Task<DispatchOutcome> DispatchToClaimantsAsync(CloudEvent cloudEvent, CancellationToken cancellationToken)
    {
        var claimants = ClaimantsOf(cloudEvent);
        if (claimants.Length == 0)
        {
            // A known type that no handler claims (a pod event for no sandbox, say) is acknowledged.
            return new DispatchOutcome(null, []);
        }

        CloudEvent? reply = null;
        var functions = new List<string>(claimants.Length);
        var outgoing = new List<CloudEvent>();
        var acknowledgements = new List<Func<CancellationToken, Task>>();
        foreach (var handler in claimants)
        {
            var result = await handler.HandleAsync(cloudEvent, cancellationToken).ConfigureAwait(false);
            functions.Add(handler.FunctionName);
            if (result.Reply is { } handlerReply)
            {
                if (reply is null)
                {
                    reply = handlerReply;
                }
                else
                {
                    outgoing.Add(handlerReply);
                }
            }

            outgoing.AddRange(result.Published);
            if (result.Acknowledged is { } acknowledged)
            {
                acknowledgements.Add(acknowledged);
            }
        }

        foreach (var published in outgoing)
        {
            await _sink.PublishAsync(published, cancellationToken).ConfigureAwait(false);
        }

        // Only once the sink took every event: a failure above leaves them to be sent again.
        foreach (var acknowledged in acknowledgements)
        {
            await acknowledged(cancellationToken).ConfigureAwait(false);
        }

        LogDispatched(cloudEvent.Type!, string.Join(',', functions), reply?.Type, outgoing.Count);
        return new DispatchOutcome(reply, functions);
    }

    /// <summary>The handlers that claim the event, most specific claim first; none for a known type nobody claims; an unknown type throws.</summary>
    private IFunctionHandler[] ClaimantsOf(CloudEvent cloudEvent)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        var type = cloudEvent.Type ?? throw new UnhandledEventTypeException("(none)");
        var claimants = _handlers
            .Select(handler => (Handler: handler, Claim: handler.Claim(cloudEvent)))
            .Where(pair => pair.Claim != EventClaim.None)
            .OrderByDescending(pair => pair.Claim)
            .Select(pair => pair.Handler)
            .ToArray();
        return claimants.Length == 0 && !HandledTypes.Contains(type) ? throw new UnhandledEventTypeException(type) : claimants;
    }

    [LoggerMessage(Level = LogLevel.Debug,
        Message = "Dispatched {EventType} to {Functions}; reply {ReplyType}, {PublishedCount} published")]
    private partial void LogDispatched(string eventType, string functions, string? replyType, int publishedCount);
}
