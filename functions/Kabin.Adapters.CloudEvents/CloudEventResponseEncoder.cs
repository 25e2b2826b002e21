using CloudNative.CloudEvents;
using CloudNative.CloudEvents.Http;
using CloudNative.CloudEvents.SystemTextJson;
using Kabin.Events;

namespace Kabin.Adapters.CloudEvents;

/// <summary>
/// Encodes replies: one event in binary mode, a batch for a batched request, and an empty 202 when
/// there is nothing to reply. A 2xx body is always a CloudEvent.
/// </summary>
public sealed class CloudEventResponseEncoder
{
    private readonly JsonEventFormatter _formatter = KabinCloudEvents.CreateFormatter();

    public HttpResponseParts Encode(IReadOnlyList<CloudEvent> replies, bool asBatch)
    {
        ArgumentNullException.ThrowIfNull(replies);
        foreach (var reply in replies)
        {
            // A reply that is not a valid CloudEvent is our bug: fail with a 500, never a 2xx.
            reply.Validate();
        }

        if (replies.Count == 0)
        {
            return new HttpResponseParts(202, null, [], ReadOnlyMemory<byte>.Empty);
        }

        if (asBatch)
        {
            var batch = _formatter.EncodeBatchModeMessage(replies, out var batchType);
            return new HttpResponseParts(200, batchType.ToString(), [], batch);
        }

        return EncodeBinary(replies[0]);
    }

    private HttpResponseParts EncodeBinary(CloudEvent reply)
    {
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var (attribute, value) in reply.GetPopulatedAttributes())
        {
            if (attribute == reply.SpecVersion.DataContentTypeAttribute || attribute == CloudEventsSpecVersion.SpecVersionAttribute)
            {
                continue;
            }

            headers.Add(new(HttpUtilities.HttpHeaderPrefix + attribute.Name, HttpUtilities.EncodeHeaderValue(attribute.Format(value))));
        }

        headers.Add(new(HttpUtilities.SpecVersionHttpHeader, reply.SpecVersion.VersionId));
        var data = reply.Data is null ? ReadOnlyMemory<byte>.Empty : _formatter.EncodeBinaryModeEventData(reply);
        return new HttpResponseParts(200, reply.DataContentType, headers, data);
    }
}
