using Kabin.Cluster;
using Kabin.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Kabin.Telemetry;

/// <summary>Registers Kabin's instruments and wraps the ports a host registered in their measured forms.</summary>
public static class TelemetryServiceCollectionExtensions
{
    public static IServiceCollection AddKabinMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<KabinMetrics>();
        return services;
    }

    /// <summary>
    /// Replaces the registrations of <see cref="IStateStore"/> and <see cref="IClusterClient"/>
    /// with measured wrappers of what they built. Call it after the adapters are added.
    /// </summary>
    public static IServiceCollection AddMeasuredPorts(this IServiceCollection services)
    {
        services.AddKabinMetrics();
        Decorate<IStateStore>(services, (inner, provider) => new MeasuredStateStore(inner, provider.GetRequiredService<KabinMetrics>()));
        Decorate<IClusterClient>(services, (inner, provider) => new MeasuredClusterClient(inner, provider.GetRequiredService<KabinMetrics>()));
        return services;
    }

    private static void Decorate<TService>(IServiceCollection services, Func<TService, IServiceProvider, TService> wrap)
        where TService : class
    {
        var index = -1;
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(TService) && !services[i].IsKeyedService)
            {
                index = i;
                break;
            }
        }

        if (index < 0)
        {
            return;
        }

        var original = services[index];
        services[index] = ServiceDescriptor.Describe(
            typeof(TService), provider => wrap(Build<TService>(original, provider), provider), original.Lifetime);
    }

    private static TService Build<TService>(ServiceDescriptor original, IServiceProvider provider)
        where TService : class =>
        original.ImplementationInstance as TService
        ?? original.ImplementationFactory?.Invoke(provider) as TService
        ?? (TService)ActivatorUtilities.CreateInstance(provider, original.ImplementationType!);
}
