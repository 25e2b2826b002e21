using System.Diagnostics;

namespace Kabin.Telemetry;

/// <summary>
/// The names under which Kabin's spans and instruments are found: one ActivitySource and one
/// Meter, both called <c>Kabin</c>, which an OpenTelemetry provider subscribes to by name.
/// </summary>
public static class KabinTelemetry
{
    public const string Name = "Kabin";

    /// <summary>Spans for events, admission reviews, cluster calls and state calls.</summary>
    public static ActivitySource Source { get; } = new(Name);
}
