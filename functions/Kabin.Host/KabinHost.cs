using System.Globalization;
using Kabin.Adapters.CloudEvents;
using Kabin.Adapters.CloudEvents.Http;
using Kabin.Adapters.HttpApi;
using Kabin.Adapters.Kubernetes;
using Kabin.Adapters.OpenTelemetry;
using Kabin.Cluster;
using Kabin.Events;
using Kabin.Hosting;
using OpenTelemetry.Metrics;

namespace Kabin.Host;

/// <summary>
/// The Knative host's wiring, nothing else: configuration, logging, ports and adapters. Tests
/// start the same host in-process through <see cref="CreateBuilder"/> and <see cref="Build"/>.
/// </summary>
public static class KabinHost
{
    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(WithoutConfigurationWatcher(args));
        var configuration = builder.Configuration;
        builder.WebHost.UseUrls(ListenUrls(configuration));
        // The slim builder leaves out HTTPS endpoints from configuration (Kestrel:Endpoints:*); the
        // admission service serves the API server over HTTPS that way (knative/service-admission.yaml).
        builder.WebHost.UseKestrelHttpsConfiguration();

        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(console =>
        {
            console.IncludeScopes = true;
            console.UseUtcTimestamp = true;
            console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        });
        // One line per request from ASP.NET Core is noise at scale; Kabin logs each event it handles.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        var shutdownTimeout = configuration.GetValue("Kabin:Host:ShutdownTimeout", TimeSpan.FromSeconds(20));
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = shutdownTimeout);

        builder.Services.AddKabinHosting(configuration);
        var prometheus = configuration.GetValue("Kabin:Metrics:Prometheus", true);
        builder.Services.AddKabinOpenTelemetry(configuration, prometheus ? PrometheusMetrics : null);
        builder.Services.AddKabinCloudEventsHttp(configuration);
        builder.Services.AddKabinApi();
        if (KabinApiOptions.UsesKubernetesAuthentication(configuration))
        {
            builder.Services.AddKubernetesAccessReview();
        }
        return builder;
    }

    public static WebApplication Build(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var app = builder.Build();
        var metricsPort = MetricsPort(app.Configuration);
        if (metricsPort is { } port)
        {
            // The metrics port serves /metrics and nothing else: whoever may scrape may not send events.
            app.Use((context, next) => context.Connection.LocalPort == port && context.Request.Path != "/metrics"
                ? Results.NotFound().ExecuteAsync(context)
                : next(context));
        }

        app.MapKabinCloudEvents();
        if (app.Configuration.GetValue("Kabin:Metrics:Prometheus", true))
        {
            var scraping = app.MapPrometheusScrapingEndpoint("/metrics");
            if (metricsPort is { } scrapePort)
            {
                scraping.RequireHost($"*:{scrapePort}");
            }
        }

        var functions = app.Services.GetRequiredService<ServedFunctions>().Names;
        app.MapKabinApi(functions);
        if (functions.Contains(KabinFunctions.Policy))
        {
            app.MapKabinAdmission();
        }

        // Resolve the cluster port now, so the chosen mode is logged at start rather than on the first event.
        _ = app.Services.GetRequiredService<IClusterClient>();
        return app;
    }

    /// <summary>
    /// <c>GET /metrics</c> in Prometheus' text format: Kabin's instruments (not ASP.NET Core's: each
    /// request would record them, and Kabin's own event and admission durations say more).
    /// <c>Kabin:Metrics:Prometheus=false</c> leaves it out.
    /// </summary>
    private static void PrometheusMetrics(MeterProviderBuilder metrics) => metrics.AddPrometheusExporter();

    /// <summary>
    /// Kabin is configured by environment variables, which never change in a running pod, so the
    /// content root is not watched for <c>appsettings.json</c> changes: on a loaded machine the
    /// watcher cost up to a quarter of the AOT cold start (docs/performance.md). <c>DOTNET_hostBuilder__reloadConfigOnChange</c> or
    /// the argument of the same name still decides when given.
    /// </summary>
    private static string[] WithoutConfigurationWatcher(string[] args) =>
        Environment.GetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange") is not null
        || args.Any(argument => argument.Contains("reloadConfigOnChange", StringComparison.OrdinalIgnoreCase))
            ? args
            : ["--hostBuilder:reloadConfigOnChange=false", .. args];

    /// <summary>
    /// <c>Kabin:Http:Urls</c> or <c>ASPNETCORE_URLS</c>/<c>--urls</c> when set; otherwise <c>PORT</c>
    /// on every interface under Knative (which sets <c>K_SERVICE</c>), and on 127.0.0.1 anywhere
    /// else, so that a host started on a laptop is not open to its network. The metrics port, when
    /// set, is added on the same terms.
    /// </summary>
    private static string ListenUrls(ConfigurationManager configuration)
    {
        var host = configuration["K_SERVICE"] is { Length: > 0 } ? "0.0.0.0" : "127.0.0.1";
        var urls = ServingUrls(configuration, host);
        return MetricsPort(configuration) is { } metrics ? $"{urls};http://{host}:{metrics}" : urls;
    }

    private static string ServingUrls(ConfigurationManager configuration, string host)
    {
        if (configuration["Kabin:Http:Urls"] is { Length: > 0 } configured)
        {
            return configured;
        }

        if (configuration[WebHostDefaults.ServerUrlsKey] is { Length: > 0 } urls)
        {
            return urls;
        }

        var port = configuration["PORT"] ?? "8080";
        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
        {
            throw new ArgumentException($"PORT '{port}' is not a TCP port; set PORT to a number from 1 to 65535.");
        }

        return $"http://{host}:{number}";
    }

    /// <summary>
    /// <c>Kabin:Metrics:Port</c>: a port of its own for <c>/metrics</c>, which Knative does not route
    /// (it routes one container port), so that only those a NetworkPolicy lets in may scrape.
    /// </summary>
    private static int? MetricsPort(IConfiguration configuration)
    {
        if (configuration["Kabin:Metrics:Port"] is not { Length: > 0 } text)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535
            ? port
            : throw new ArgumentException($"Kabin:Metrics:Port '{text}' is not a TCP port; set it to a number from 1 to 65535, or leave it unset to serve /metrics on PORT.");
    }
}
