using System.Diagnostics;
using CloudNative.CloudEvents;
using Kabin.Events;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Kabin.Adapters.CloudEventsHttp;

/// <summary>
/// <c>POST /</c>: reads the request's events, dispatches each in its own span and log scope, and
/// answers with the replies or with a problem. A batch fails as a whole so that it is redelivered.
/// </summary>
public sealed partial class CloudEventsEndpoint(
    CloudEventRequestReader reader,
    CloudEventResponseWriter writer,
    ProblemWriter problems,
    EventDispatcher dispatcher,
    ILogger<CloudEventsEndpoint> logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var cancellationToken = context.RequestAborted;
        try
        {
            var incoming = await reader.ReadAsync(context.Request, cancellationToken).ConfigureAwait(false);
            var replies = new List<CloudEvent>(incoming.Events.Count);
            foreach (var cloudEvent in incoming.Events)
            {
                if (await DispatchAsync(cloudEvent, cancellationToken).ConfigureAwait(false) is { } reply)
                {
                    replies.Add(reply);
                }
            }

            await writer.WriteAsync(context.Response, replies, incoming.IsBatch, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (!context.Response.HasStarted && !cancellationToken.IsCancellationRequested)
        {
            var problem = await problems.WriteAsync(context.Response, exception, cancellationToken).ConfigureAwait(false);
            if (problem.Status >= StatusCodes.Status500InternalServerError)
            {
                LogFailed(exception, problem.Status);
            }
            else
            {
                LogRejected(problem.Status, problem.Detail);
            }
        }
    }

    private async Task<CloudEvent?> DispatchAsync(CloudEvent cloudEvent, CancellationToken cancellationToken)
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected the request with {StatusCode}: {Detail}")]
    private partial void LogRejected(int statusCode, string detail);

    [LoggerMessage(Level = LogLevel.Error, Message = "Failed the request with {StatusCode}; it will be retried")]
    private partial void LogFailed(Exception exception, int statusCode);
}
