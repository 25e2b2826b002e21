using System.Text;
using System.Text.Json.Nodes;

namespace Kabin.LocalCluster;

/// <summary>
/// Reads a Kubernetes protobuf body (<c>application/vnd.kubernetes.protobuf</c>: the <c>k8s\0</c>
/// magic, then a runtime.Unknown holding the type and the raw message) into the object's JSON,
/// for the kinds <see cref="ProtoSchemas"/> knows; fields it does not know are skipped.
/// </summary>
internal static class ProtobufDecoder
{
    private static readonly byte[] Magic = "k8s\0"u8.ToArray();

    public static JsonObject Decode(byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (body.Length < Magic.Length || !body.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw ApiStatusException.BadRequest("a protobuf body must start with the k8s magic number");
        }

        string? apiVersion = null, kind = null;
        byte[]? raw = null;
        foreach (var (number, value) in Read(body.AsMemory(Magic.Length)))
        {
            if (number == 1 && value is ReadOnlyMemory<byte> typeMeta)
            {
                foreach (var (field, part) in Read(typeMeta))
                {
                    (apiVersion, kind) = field == 1 ? (Text(part), kind) : field == 2 ? (apiVersion, Text(part)) : (apiVersion, kind);
                }
            }
            else if (number == 2 && value is ReadOnlyMemory<byte> bytes)
            {
                raw = bytes.ToArray();
            }
        }

        if (apiVersion is null || kind is null || raw is null)
        {
            throw ApiStatusException.BadRequest("the protobuf envelope names no apiVersion, kind or object");
        }

        var schema = ProtoSchemas.Of(apiVersion, kind)
            ?? throw new ApiStatusException(415, "UnsupportedMediaType", $"the local cluster reads {apiVersion} {kind} as JSON only, not protobuf");
        var result = Message(raw, schema);
        result["apiVersion"] = apiVersion;
        result["kind"] = kind;
        return result;
    }

    private static JsonObject Message(ReadOnlyMemory<byte> bytes, IReadOnlyDictionary<int, ProtoField> schema)
    {
        var result = new JsonObject();
        foreach (var (number, value) in Read(bytes))
        {
            if (!schema.TryGetValue(number, out var field))
            {
                continue;
            }

            JsonNode? node = field.Kind switch
            {
                ProtoKind.String => Text(value),
                ProtoKind.Int => (long)(ulong)value,
                ProtoKind.Bool => (ulong)value != 0,
                ProtoKind.Message => Message((ReadOnlyMemory<byte>)value, field.Message!),
                _ => null,
            };
            if (field.Kind == ProtoKind.StringMap)
            {
                var map = result[field.Name] as JsonObject ?? [];
                string? key = null, text = null;
                foreach (var (entryField, part) in Read((ReadOnlyMemory<byte>)value))
                {
                    (key, text) = entryField == 1 ? (Text(part), text) : (key, Text(part));
                }

                map[key ?? string.Empty] = text ?? string.Empty;
                result[field.Name] = map;
            }
            else if (field.Repeated)
            {
                var list = result[field.Name] as JsonArray ?? [];
                list.Add(node);
                result[field.Name] = list;
            }
            else if (node is not JsonValue empty || empty.ToString().Length > 0 || field.Kind != ProtoKind.String)
            {
                result[field.Name] = node;
            }
        }

        return result;
    }

    private static string Text(object value) => Encoding.UTF8.GetString(((ReadOnlyMemory<byte>)value).Span);

    private static IEnumerable<(int Number, object Value)> Read(ReadOnlyMemory<byte> bytes)
    {
        var position = 0;
        while (position < bytes.Length)
        {
            var tag = Varint(bytes.Span, ref position);
            var number = (int)(tag >> 3);
            switch (tag & 7)
            {
                case 0:
                    yield return (number, Varint(bytes.Span, ref position));
                    break;
                case 2:
                    var length = (int)Varint(bytes.Span, ref position);
                    if (length < 0 || position + length > bytes.Length)
                    {
                        throw ApiStatusException.BadRequest("a protobuf field runs past the end of the body");
                    }

                    yield return (number, bytes.Slice(position, length));
                    position += length;
                    break;
                case 1:
                    position += 8;
                    break;
                case 5:
                    position += 4;
                    break;
                default:
                    throw ApiStatusException.BadRequest($"protobuf wire type {tag & 7} is not supported");
            }
        }
    }

    private static ulong Varint(ReadOnlySpan<byte> bytes, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (position >= bytes.Length)
            {
                throw ApiStatusException.BadRequest("a protobuf varint runs past the end of the body");
            }

            var b = bytes[position++];
            value |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw ApiStatusException.BadRequest("a protobuf varint is too long");
    }
}
