using Google.Protobuf;

namespace Kabin.TestDoubles.Otlp;

/// <summary>
/// Reads the OTLP protobuf messages (opentelemetry-proto, collector/trace/v1 and
/// collector/metrics/v1) field by field with the protobuf wire reader, keeping what tests look
/// at and skipping every other field, as a receiver that knows an older schema would.
/// </summary>
internal static class OtlpWire
{
    public static IEnumerable<OtlpSpan> Spans(ReadOnlySpan<byte> request)
    {
        var spans = new List<OtlpSpan>();
        foreach (var resourceSpans in Repeated(request.ToArray(), 1))
        {
            var service = ServiceOf(resourceSpans);
            foreach (var scopeSpans in Repeated(resourceSpans, 2))
            {
                foreach (var span in Repeated(scopeSpans, 2))
                {
                    var fields = Fields(span);
                    spans.Add(new OtlpSpan(
                        service,
                        Hex(fields, 1),
                        Hex(fields, 2),
                        Hex(fields, 4),
                        Text(fields, 5),
                        fields.TryGetValue(6, out var kind) ? (int)(ulong)kind[0] : 0));
                }
            }
        }

        return spans;
    }

    public static IEnumerable<OtlpMetric> Metrics(ReadOnlySpan<byte> request)
    {
        var metrics = new List<OtlpMetric>();
        foreach (var resourceMetrics in Repeated(request.ToArray(), 1))
        {
            var service = ServiceOf(resourceMetrics);
            foreach (var scopeMetrics in Repeated(resourceMetrics, 2))
            {
                var scope = Repeated(scopeMetrics, 1).Select(bytes => Text(Fields(bytes), 1)).FirstOrDefault() ?? "";
                foreach (var metric in Repeated(scopeMetrics, 2))
                {
                    var fields = Fields(metric);
                    // Metric.data: gauge = 5, sum = 7, histogram = 9, exponential histogram = 10, summary = 11.
                    var kind = fields.ContainsKey(5) ? "gauge" : fields.ContainsKey(7) ? "sum" : fields.ContainsKey(9) ? "histogram" : "other";
                    metrics.Add(new OtlpMetric(service, scope, Text(fields, 1), Text(fields, 3), kind));
                }
            }
        }

        return metrics;
    }

    /// <summary>The <c>service.name</c> attribute of the message's Resource (field 1).</summary>
    private static string ServiceOf(byte[] resourceMessage)
    {
        foreach (var resource in Repeated(resourceMessage, 1))
        {
            foreach (var attribute in Repeated(resource, 1))
            {
                var keyValue = Fields(attribute);
                if (Text(keyValue, 1) == "service.name" && keyValue.TryGetValue(2, out var value))
                {
                    return Text(Fields((byte[])value[0]), 1);
                }
            }
        }

        return "";
    }

    private static IEnumerable<byte[]> Repeated(byte[] message, int field) =>
        Fields(message).TryGetValue(field, out var values) ? values.OfType<byte[]>() : [];

    private static string Text(Dictionary<int, List<object>> fields, int field) =>
        fields.TryGetValue(field, out var values) && values[0] is byte[] bytes ? System.Text.Encoding.UTF8.GetString(bytes) : "";

    private static string Hex(Dictionary<int, List<object>> fields, int field) =>
        fields.TryGetValue(field, out var values) && values[0] is byte[] bytes ? Convert.ToHexStringLower(bytes) : "";

    /// <summary>Every field of one message: length-delimited ones as bytes, varints as ulong, fixed ones skipped.</summary>
    private static Dictionary<int, List<object>> Fields(byte[] message)
    {
        var fields = new Dictionary<int, List<object>>();
        var input = new CodedInputStream(message);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            var number = WireFormat.GetTagFieldNumber(tag);
            object? value = WireFormat.GetTagWireType(tag) switch
            {
                WireFormat.WireType.LengthDelimited => input.ReadBytes().ToByteArray(),
                WireFormat.WireType.Varint => input.ReadUInt64(),
                _ => null,
            };
            if (value is null)
            {
                input.SkipLastField();
                continue;
            }

            if (!fields.TryGetValue(number, out var list))
            {
                fields[number] = list = [];
            }

            list.Add(value);
        }

        return fields;
    }
}
