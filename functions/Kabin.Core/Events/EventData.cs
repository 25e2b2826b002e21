using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CloudNative.CloudEvents;

namespace Kabin.Events;

/// <summary>
/// Reads an event's data as a typed payload, whatever shape the formatter left it in
/// (<see cref="JsonElement"/>, UTF-8 bytes or a string). Anything unreadable is a 422.
/// </summary>
public static class EventData
{
    public static T Read<T>(CloudEvent cloudEvent, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        try
        {
            var value = cloudEvent.Data switch
            {
                JsonElement { ValueKind: JsonValueKind.Undefined } => default,
                JsonElement element => element.Deserialize(typeInfo),
                byte[] bytes => JsonSerializer.Deserialize(bytes, typeInfo),
                ReadOnlyMemory<byte> memory => JsonSerializer.Deserialize(memory.Span, typeInfo),
                string text => JsonSerializer.Deserialize(text, typeInfo),
                null => default,
                _ => throw new InvalidEventDataException(
                    $"Event data of CLR type {cloudEvent.Data.GetType().Name} cannot be read as JSON."),
            };
            return value ?? throw new InvalidEventDataException(
                $"Event '{cloudEvent.Type}' needs JSON data; it had none. Send a JSON object with datacontenttype application/json.");
        }
        catch (JsonException e)
        {
            var where = e.Path is { Length: > 0 } path ? path : "$";
            var what = JsonErrorText.Describe(e);
            throw new InvalidEventDataException(
                $"Event data is not valid for '{cloudEvent.Type}' at {where}: {what}",
                [new FieldError(where, what)]);
        }
    }

    /// <summary>The data as UTF-8 JSON bytes, for handlers that parse it into a document model.</summary>
    public static ReadOnlyMemory<byte> Utf8(CloudEvent cloudEvent)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        return cloudEvent.Data switch
        {
            JsonElement element => JsonSerializer.SerializeToUtf8Bytes(element, KabinJsonContext.Default.JsonElement),
            byte[] bytes => bytes,
            ReadOnlyMemory<byte> memory => memory,
            string text => Encoding.UTF8.GetBytes(text),
            _ => throw new InvalidEventDataException(
                $"Event '{cloudEvent.Type}' needs JSON data; it had none. Send a JSON object with datacontenttype application/json."),
        };
    }
}
