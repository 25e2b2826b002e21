namespace Kabin.TestDoubles.Otlp;

/// <summary>One span as an OTLP export carried it: ids in lower-case hex (empty parent for a root span).</summary>
public sealed record OtlpSpan(string Service, string TraceId, string SpanId, string ParentSpanId, string Name, int Kind);
