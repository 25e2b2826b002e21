using System.Net;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.Http;
using CloudNative.CloudEvents.SystemTextJson;
using Kabin.Events;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kabin.Adapters.CloudEvents;

/// <summary>
/// Sends events beyond the reply to <c>K_SINK</c> in binary mode through one long-lived named
/// client, retrying 5xx, 408, 429 and connection failures with exponential backoff. When the
/// attempts run out it throws <see cref="TransientFailureException"/>, so the incoming event is
/// answered 503 and Knative redelivers it.
/// </summary>
public sealed partial class HttpEventSink(
    IHttpClientFactory clientFactory,
    IOptions<HttpEventSinkOptions> options,
    TimeProvider timeProvider,
    ILogger<HttpEventSink> logger) : IEventSink
{
    public const string ClientName = "Kabin.Sink";

    private readonly JsonEventFormatter _formatter = KabinCloudEvents.CreateFormatter();

    public async Task PublishAsync(CloudEvent cloudEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        var settings = options.Value;
        var url = settings.Url ?? throw new InvalidOperationException("K_SINK is not set; the HTTP sink needs a sink URL.");
        var client = clientFactory.CreateClient(ClientName);
        var delay = settings.RetryBaseDelay;
        for (var attempt = 1; ; attempt++)
        {
            string failure;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, url)
                {
                    Content = cloudEvent.ToHttpContent(ContentMode.Binary, _formatter),
                };
                using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    LogSent(cloudEvent.Type, cloudEvent.Id, attempt);
                    return;
                }

                if (!IsRetryable(response.StatusCode))
                {
                    throw new InvalidOperationException(
                        $"The sink refused event {cloudEvent.Id} of type {cloudEvent.Type} with {(int)response.StatusCode}; it will not accept it on retry.");
                }

                failure = $"status {(int)response.StatusCode}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                failure = e.GetType().Name;
            }

            if (attempt >= settings.MaxAttempts)
            {
                throw new TransientFailureException(
                    $"The sink did not take event {cloudEvent.Id} of type {cloudEvent.Type} after {attempt} attempts ({failure}); the incoming event will be retried.");
            }

            LogRetrying(cloudEvent.Type, cloudEvent.Id, attempt, failure);
            await Task.Delay(delay, timeProvider, cancellationToken).ConfigureAwait(false);
            delay *= 2;
        }
    }

    private static bool IsRetryable(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sent {EventType} {EventId} to the sink on attempt {Attempt}")]
    private partial void LogSent(string? eventType, string? eventId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sink did not take {EventType} {EventId} on attempt {Attempt} ({Failure}); retrying")]
    private partial void LogRetrying(string? eventType, string? eventId, int attempt, string failure);
}
