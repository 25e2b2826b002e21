using Kabin.Adapters.CloudEvents;
using Kabin.Adapters.Dapr;
using Kabin.Adapters.Kubernetes;
using Kabin.Adapters.Sqlite;
using Kabin.Events;
using Kabin.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Kabin.Hosting;

/// <summary>
/// The services every Kabin host wires alike: the functions chosen by <c>KABIN_FUNCTIONS</c>, the
/// CloudEvents HTTP exchange and sink, the state store and the cluster. A host adds only its shell.
/// </summary>
public static class KabinHostingServiceCollectionExtensions
{
    public static IServiceCollection AddKabinHosting(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var functions = KabinFunctions.Parse(configuration["KABIN_FUNCTIONS"]);
        services.AddSingleton(new ServedFunctions(functions));
        services.AddKabinCloudEvents(configuration);

        // State: the Dapr state store when a sidecar is configured, embedded SQLite otherwise.
        if (DaprStateSelection.IsConfigured(configuration))
        {
            services.AddDaprStateStore();
            services.AddDaprSidecarReadiness();
        }
        else
        {
            services.AddSqliteStateStore();
        }

        // Cluster: apply in-cluster or with a kubeconfig, plan mode otherwise (the local default).
        services.AddKabinCluster(configuration);
        // Every state and cluster call gets a span and a duration measurement.
        services.AddMeasuredPorts();

        // Deliveries: Knative Serving enforces no EventPolicy on a Service, so with an audience the
        // CloudEvents endpoint verifies Eventing's OIDC token itself (both hosts).
        if (configuration[$"{OidcDeliveryOptions.SectionName}:Audience"] is { Length: > 0 })
        {
            services.AddOidcDeliveryAuthentication();
        }

        services.AddKabin(functions);
        return services;
    }
}
