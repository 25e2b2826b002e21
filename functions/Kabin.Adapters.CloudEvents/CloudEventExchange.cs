using System.Diagnostics;
using CloudNative.CloudEvents;
using Kabin.Events;
using Microsoft.Extensions.Logging;

namespace Kabin.Adapters.CloudEvents;

/// <summary>
/// One CloudEvents-over-HTTP exchange, whatever the host: reads the request's events, dispatches
/// each in its own span and log scope, and answers with the replies or with a problem. A batch is
/// validated whole before any event runs, and fails as a whole so that it is redelivered.
/// </summary>
public sealed partial class CloudEventExchange(
    CloudEventRequestReader reader,
    CloudEventResponseEncoder replies,
    ProblemResponseEncoder problems,
    ILogger<CloudEventExchange> logger)
{
    public async Task<HttpResponseParts> HandleAsync(
        HttpRequestParts request, EventDispatcher dispatcher, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(dispatcher);
        try
        {
            var incoming = await reader.ReadAsync(request, cancellationToken).ConfigureAwait(false);
            if (incoming.Events.Count > 1)
            {
                ValidateAll(dispatcher, incoming.Events);
            }

            var answers = new List<CloudEvent>(incoming.Events.Count);
            foreach (var cloudEvent in incoming.Events)
            {
                if (await DispatchAsync(dispatcher, cloudEvent, cancellationToken).ConfigureAwait(false) is { } reply)
                {
                    answers.Add(reply);
                }
            }

            return replies.Encode(answers, incoming.IsBatch);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            var response = problems.Encode(exception);
            if (response.StatusCode >= 500)
            {
                LogFailed(exception, response.StatusCode);
            }
            else
            {
                LogRejected(response.StatusCode, response.Problem!.Title);
            }

            return response;
        }
    }

    /// <summary>
    /// A batch is checked whole before any of its events runs: one that can never be handled
    /// refuses the batch with nothing done, so that the sender can fix it and send it again.
    /// </summary>
    private static void ValidateAll(EventDispatcher dispatcher, IReadOnlyList<CloudEvent> events)
    {
        for (var position = 0; position < events.Count; position++)
        {
            try
            {
                dispatcher.Validate(events[position]);
            }
            catch (InvalidEventDataException e)
            {
                throw new InvalidEventDataException(
                    $"Event {position} of the batch ('{events[position].Id}') is refused, so no event of the batch was handled: {e.Message}",
                    [.. e.Errors.Select(error => error with { Field = $"$[{position}].data{(error.Field.StartsWith('$') ? error.Field[1..] : "." + error.Field)}" })]);
            }
        }
    }

    private async Task<CloudEvent?> DispatchAsync(EventDispatcher dispatcher, CloudEvent cloudEvent, CancellationToken cancellationToken)
    {
        using var activity = EventTracing.Start(cloudEvent);
        using var scope = logger.BeginScope(new EventLogScope(cloudEvent));
        try
        {
            var outcome = await dispatcher.DispatchAsync(cloudEvent, cancellationToken).ConfigureAwait(false);
            return outcome.Reply;
        }
        catch (Exception exception)
        {
            activity.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
            throw;
        }
    }

    // The problem's title, not its detail: a parser's detail can quote the event data, which must not reach the logs.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected the request with {StatusCode}: {Problem}")]
    private partial void LogRejected(int statusCode, string problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "Failed the request with {StatusCode}; it will be retried")]
    private partial void LogFailed(Exception exception, int statusCode);
}
