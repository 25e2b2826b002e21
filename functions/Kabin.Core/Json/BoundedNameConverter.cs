using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kabin.Json;

/// <summary>
/// Reads a name (a tenant's, a sandbox's) only when its JSON token is short enough to be one:
/// a longer token is refused before a string is made of it, so that a hostile 400 KB name costs
/// no allocation beyond the request itself. Names that pass are still checked as DNS labels by
/// the validators, which give the precise reason.
/// </summary>
public sealed class BoundedNameConverter : JsonConverter<string>
{
    /// <summary>Bytes of the encoded token; far above any DNS name (253) so that only absurd input stops here.</summary>
    public const int MaxTokenBytes = 1024;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"A name must be a JSON string, not {reader.TokenType}.");
        }

        var length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (length > MaxTokenBytes)
        {
            throw new JsonException($"A name of {length} bytes is refused unread: names are DNS labels of at most 63 characters.");
        }

        return reader.GetString();
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value);
    }

    public override bool HandleNull => false;
}
