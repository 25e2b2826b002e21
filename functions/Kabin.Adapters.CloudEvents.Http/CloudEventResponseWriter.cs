using System.Net.Mime;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.Http;
using CloudNative.CloudEvents.SystemTextJson;
using Kabin.Events;
using Microsoft.AspNetCore.Http;

namespace Kabin.Adapters.CloudEventsHttp;

/// <summary>
/// Writes replies: one event in binary mode, a batch for a batched request, and an empty 202 when
/// there is nothing to reply. A 2xx body is always a CloudEvent.
/// </summary>
public sealed class CloudEventResponseWriter
{
    private readonly JsonEventFormatter _formatter = KabinCloudEvents.CreateFormatter();

    public async Task WriteAsync(HttpResponse response, IReadOnlyList<CloudEvent> replies, bool asBatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(replies);
        foreach (var reply in replies)
        {
            // A reply that is not a valid CloudEvent is our bug: fail with a 500, never a 2xx.
            reply.Validate();
        }

        if (replies.Count == 0)
        {
            response.StatusCode = StatusCodes.Status202Accepted;
            response.ContentLength = 0;
            return;
        }

        if (asBatch)
        {
            var batch = _formatter.EncodeBatchModeMessage(replies, out var batchType);
            await WriteBodyAsync(response, batch, batchType, cancellationToken).ConfigureAwait(false);
            return;
        }

        await WriteBinaryAsync(response, replies[0], cancellationToken).ConfigureAwait(false);
    }

    private async Task WriteBinaryAsync(HttpResponse response, CloudEvent reply, CancellationToken cancellationToken)
    {
        foreach (var (attribute, value) in reply.GetPopulatedAttributes())
        {
            if (attribute == reply.SpecVersion.DataContentTypeAttribute)
            {
                continue;
            }

            response.Headers[HttpUtilities.HttpHeaderPrefix + attribute.Name] =
                HttpUtilities.EncodeHeaderValue(attribute.Format(value));
        }

        response.Headers[HttpUtilities.SpecVersionHttpHeader] = reply.SpecVersion.VersionId;
        var data = reply.Data is null ? ReadOnlyMemory<byte>.Empty : _formatter.EncodeBinaryModeEventData(reply);
        var contentType = reply.DataContentType is { } type ? new ContentType(type) : null;
        await WriteBodyAsync(response, data, contentType, cancellationToken).ConfigureAwait(false);
    }

    private static async Task WriteBodyAsync(
        HttpResponse response, ReadOnlyMemory<byte> body, ContentType? contentType, CancellationToken cancellationToken)
    {
        response.StatusCode = StatusCodes.Status200OK;
        if (contentType is not null)
        {
            response.ContentType = contentType.ToString();
        }

        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, cancellationToken).ConfigureAwait(false);
    }
}
