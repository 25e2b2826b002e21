using Microsoft.Extensions.Configuration;

namespace Kabin.Adapters.OpenTelemetry;

/// <summary>
/// Which signals go out over OTLP, read from the standard variables: a signal is exported when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> or its own <c>OTEL_EXPORTER_OTLP_{TRACES|METRICS}_ENDPOINT</c>
/// is set, unless <c>OTEL_SDK_DISABLED=true</c> or <c>OTEL_{TRACES|METRICS}_EXPORTER</c> names
/// no <c>otlp</c> exporter. Without an endpoint nothing is exported: the SDK's default, a collector
/// on localhost, is not assumed in a pod that has none.
/// </summary>
public sealed record OtlpSelection(bool Traces, bool Metrics)
{
    public static OtlpSelection From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (string.Equals(configuration["OTEL_SDK_DISABLED"], "true", StringComparison.OrdinalIgnoreCase))
        {
            return new OtlpSelection(false, false);
        }

        var anyEndpoint = IsSet(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        return new OtlpSelection(
            Exports(configuration, anyEndpoint, "TRACES"),
            Exports(configuration, anyEndpoint, "METRICS"));
    }

    private static bool Exports(IConfiguration configuration, bool anyEndpoint, string signal)
    {
        var endpoint = anyEndpoint || IsSet(configuration[$"OTEL_EXPORTER_OTLP_{signal}_ENDPOINT"]);
        var exporters = configuration[$"OTEL_{signal}_EXPORTER"];
        return endpoint && (!IsSet(exporters) || exporters!.Split(',').Any(name => name.Trim().Equals("otlp", StringComparison.OrdinalIgnoreCase)));
    }

    private static bool IsSet(string? value) => !string.IsNullOrWhiteSpace(value);
}
