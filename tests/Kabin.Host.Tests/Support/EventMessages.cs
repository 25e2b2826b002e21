using System.Text.Json;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.Http;
using CloudNative.CloudEvents.SystemTextJson;
using Kabin.Events;
using Kabin.Tracing;

namespace Kabin.Host.Tests.Support;

/// <summary>Requests and replies encoded and decoded by the CloudEvents SDK, independent of the host's adapter.</summary>
public static class EventMessages
{
    public static JsonEventFormatter Formatter { get; } = KabinCloudEvents.CreateFormatter();

    public static CloudEvent Event(string type, string? subject = "tenants/acme", string data = """{"name":"acme"}""") => new()
    {
        Id = Guid.NewGuid().ToString(),
        Source = new Uri("/tests", UriKind.Relative),
        Type = type,
        Subject = subject,
        DataContentType = "application/json",
        Data = JsonDocument.Parse(data).RootElement,
    };

    public static HttpRequestMessage Post(ContentMode mode, params CloudEvent[] events) => new(HttpMethod.Post, "/")
    {
        Content = mode switch
        {
            ContentMode.Binary => Single(events).ToHttpContent(CloudNative.CloudEvents.ContentMode.Binary, Formatter),
            ContentMode.Structured => Single(events).ToHttpContent(CloudNative.CloudEvents.ContentMode.Structured, Formatter),
            _ => events.ToHttpContent(Formatter),
        },
    };

    public static Task<CloudEvent> ReadReplyAsync(HttpResponseMessage response) =>
        response.ToCloudEventAsync(Formatter, TraceContextExtensions.AllAttributes);

    public static async Task<IReadOnlyList<CloudEvent>> ReadRepliesAsync(HttpResponseMessage response, ContentMode mode) =>
        mode == ContentMode.Batch
            ? await response.ToCloudEventBatchAsync(Formatter, TraceContextExtensions.AllAttributes)
            : [await ReadReplyAsync(response)];

    private static CloudEvent Single(CloudEvent[] events) => events.Length == 1
        ? events[0]
        : throw new ArgumentException("Binary and structured mode carry exactly one event.", nameof(events));
}
