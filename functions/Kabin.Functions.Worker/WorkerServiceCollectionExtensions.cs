using Kabin.Adapters.OpenTelemetry;
using Kabin.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Kabin.Functions.Worker;

/// <summary>The worker's services: the same wiring as the Knative host plus the worker's shells.</summary>
public static class WorkerServiceCollectionExtensions
{
    public static IServiceCollection AddKabinFunctionsWorker(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddKabinHosting(configuration);
        services.AddKabinOpenTelemetry(configuration);
        services.TryAddSingleton<FunctionDispatchers>();
        services.TryAddSingleton<CloudEventsTrigger>();
        return services;
    }
}
