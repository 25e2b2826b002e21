using System.Net.Mime;
using System.Text.Json;
using CloudNative.CloudEvents;

namespace Kabin.Adapters.CloudEvents;

public sealed partial class CloudEventRequestReader
{
    private CloudEvent DecodeStructured(ReadOnlyMemory<byte> body, ContentType contentType)
    {
        var cloudEvent = Decode(() => _formatter.DecodeStructuredModeMessage(body, contentType, Extensions), "structured event");
        return Validated(cloudEvent);
    }

    private IReadOnlyList<CloudEvent> DecodeBatch(ReadOnlyMemory<byte> body, ContentType contentType)
    {
        var events = Decode(() => _formatter.DecodeBatchModeMessage(body, contentType, Extensions), "event batch");
        var limit = options.Value.MaxBatchLength;
        if (events.Count > limit)
        {
            throw CloudEventRequestException.TooLarge(
                $"The batch carries {events.Count} events; at most {limit} are accepted (Kabin:Http:MaxBatchLength). Split the batch.");
        }

        foreach (var cloudEvent in events)
        {
            Validated(cloudEvent);
        }

        return events;
    }

    private static T Decode<T>(Func<T> decode, string what)
    {
        try
        {
            return decode();
        }
        catch (Exception e) when (e is JsonException or ArgumentException or FormatException or InvalidOperationException)
        {
            throw CloudEventRequestException.Malformed(
                $"The {what} does not parse as JSON CloudEvents 1.0: {e.Message} Send a JSON object with specversion \"1.0\", id, source and type.",
                e);
        }
    }
}
