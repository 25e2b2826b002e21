using Kabin.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Kabin.Adapters.OpenTelemetry;

/// <summary>
/// Wires Kabin's ActivitySource and Meter (both <c>Kabin</c>) into the OpenTelemetry SDK. Traces
/// and metrics go out over OTLP as <see cref="OtlpSelection"/> reads the <c>OTEL_*</c> variables
/// (endpoint, protocol, headers, timeouts are the SDK's own); a host adds its own metric readers
/// (the Knative host: Prometheus at <c>/metrics</c>) through the <c>metrics</c> argument. With
/// nothing to export, no provider is built, so a local run pays nothing at start.
/// </summary>
public static class OpenTelemetryServiceCollectionExtensions
{
    public static IServiceCollection AddKabinOpenTelemetry(
        this IServiceCollection services, IConfiguration configuration, Action<MeterProviderBuilder>? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var otlp = OtlpSelection.From(configuration);
        if (!otlp.Traces && !otlp.Metrics && metrics is null)
        {
            return services;
        }

        var telemetry = services.AddOpenTelemetry().ConfigureResource(resource => Describe(resource, configuration));
        if (otlp.Traces)
        {
            telemetry.WithTracing(tracing => tracing.AddSource(KabinTelemetry.Name).AddOtlpExporter());
        }

        if (otlp.Metrics || metrics is not null)
        {
            telemetry.WithMetrics(meters =>
            {
                meters.AddMeter(KabinTelemetry.Name);
                if (otlp.Metrics)
                {
                    meters.AddOtlpExporter();
                }

                metrics?.Invoke(meters);
            });
        }

        return services;
    }

    /// <summary>
    /// <c>service.name</c> is <c>OTEL_SERVICE_NAME</c> when set (the SDK reads it), else the Knative
    /// Service (<c>K_SERVICE</c>), else <c>kabin</c>; the revision is the version. The functions
    /// served are an attribute, so one image's Services tell apart.
    /// </summary>
    private static void Describe(ResourceBuilder resource, IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration["OTEL_SERVICE_NAME"]))
        {
            resource.AddService(
                serviceName: configuration["K_SERVICE"] is { Length: > 0 } service ? service : "kabin",
                serviceVersion: configuration["K_REVISION"],
                serviceInstanceId: Environment.MachineName);
        }

        resource.AddAttributes([new KeyValuePair<string, object>("kabin.functions", configuration["KABIN_FUNCTIONS"] ?? "all")]);
    }
}
