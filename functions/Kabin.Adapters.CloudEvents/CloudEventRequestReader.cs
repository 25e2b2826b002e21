using System.Net.Mime;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.Http;
using CloudNative.CloudEvents.SystemTextJson;
using Kabin.Events;
using Kabin.Tracing;
using Microsoft.Extensions.Options;

namespace Kabin.Adapters.CloudEvents;

/// <summary>
/// Turns an HTTP request into CloudEvents: binary mode (<c>ce-*</c> headers), structured
/// (<c>application/cloudevents+json</c>) or batched (<c>application/cloudevents-batch+json</c>).
/// </summary>
public sealed partial class CloudEventRequestReader(IOptions<CloudEventsHttpOptions> options)
{
    private const string StructuredMediaType = "application/cloudevents";
    private const string BatchMediaType = "application/cloudevents-batch";

    private static readonly CloudEventAttribute[] Extensions = [.. TraceContextExtensions.AllAttributes];

    private readonly JsonEventFormatter _formatter = KabinCloudEvents.CreateFormatter();

    public async Task<IncomingEvents> ReadAsync(HttpRequestParts request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var contentType = ParseContentType(request);
        var mediaType = contentType?.MediaType.ToLowerInvariant();
        if (mediaType is not null && mediaType.StartsWith(BatchMediaType, StringComparison.Ordinal))
        {
            RequireJsonFormat(mediaType);
            using var body = await ReadBodyAsync(request, cancellationToken).ConfigureAwait(false);
            return new IncomingEvents(DecodeBatch(body.Memory, contentType!), IsBatch: true);
        }

        if (mediaType is not null && mediaType.StartsWith(StructuredMediaType, StringComparison.Ordinal))
        {
            RequireJsonFormat(mediaType);
            using var body = await ReadBodyAsync(request, cancellationToken).ConfigureAwait(false);
            return new IncomingEvents([DecodeStructured(body.Memory, contentType!)], IsBatch: false);
        }

        if (request.HasHeader(HttpUtilities.SpecVersionHttpHeader))
        {
            var cloudEvent = DecodeBinaryAttributes(request);
            using var body = await ReadBodyAsync(request, cancellationToken).ConfigureAwait(false);
            DecodeBinaryData(body, contentType, cloudEvent);
            return new IncomingEvents([cloudEvent], IsBatch: false);
        }

        throw CloudEventRequestException.NotACloudEvent(
            "The request is not a CloudEvent: send ce-specversion, ce-id, ce-source and ce-type headers (binary mode) " +
            "or a Content-Type of application/cloudevents+json or application/cloudevents-batch+json.");
    }

    private static ContentType? ParseContentType(HttpRequestParts request)
    {
        if (string.IsNullOrWhiteSpace(request.ContentType))
        {
            return null;
        }

        try
        {
            return new ContentType(request.ContentType);
        }
        catch (FormatException e)
        {
            throw new CloudEventRequestException(
                request.HasHeader(HttpUtilities.SpecVersionHttpHeader) ? 400 : 415,
                "The Content-Type header is not a valid media type; send e.g. application/json.",
                e);
        }
    }

    private static void RequireJsonFormat(string mediaType)
    {
        if (!mediaType.EndsWith("+json", StringComparison.Ordinal))
        {
            throw CloudEventRequestException.NotACloudEvent(
                $"Event format '{mediaType}' is not supported; use the JSON format ({StructuredMediaType}+json).");
        }
    }

    private Task<RequestBody> ReadBodyAsync(HttpRequestParts request, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxBodyBytes;
        return request.ReadBodyAsync(limit, () => TooLarge(limit), cancellationToken);
    }

    private static CloudEventRequestException TooLarge(long limit) =>
        CloudEventRequestException.TooLarge(
            $"The request body exceeds {limit} bytes (Kabin:Http:MaxBodyBytes); send smaller events or split the batch.");
}
