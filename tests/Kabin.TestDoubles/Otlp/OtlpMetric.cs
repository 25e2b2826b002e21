namespace Kabin.TestDoubles.Otlp;

/// <summary>One metric as an OTLP export carried it: its name, unit and which data kind it held (gauge, sum, histogram).</summary>
public sealed record OtlpMetric(string Service, string Scope, string Name, string Unit, string Kind);
