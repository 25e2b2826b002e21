using Kabin.Events;
using Kabin.Policy;
using Kabin.Sandboxes;
using Kabin.Telemetry;
using Kabin.Tenants;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Kabin;

/// <summary>Registers the core and the functions a host serves.</summary>
public static class KabinServiceCollectionExtensions
{
    /// <summary>
    /// Adds the dispatcher and the enabled functions. Ports (<c>IStateStore</c>,
    /// <c>IClusterClient</c>, <c>IEventSink</c>) come from the host's adapters; where none is
    /// registered the sink logs.
    /// </summary>
    public static IServiceCollection AddKabin(this IServiceCollection services, IReadOnlySet<string> functions)
    {
        ArgumentNullException.ThrowIfNull(functions);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IEventSink, LoggingEventSink>();
        services.AddKabinMetrics();
        services.TryAddSingleton<EventDispatcher>();
        services.AddOptions<TenantDirectoryOptions>().BindConfiguration("Kabin:TenantDirectory");
        services.TryAddSingleton<ITenantDirectory, StateTenantDirectory>();

        if (functions.Contains(KabinFunctions.Tenant))
        {
            services.AddTenantFunction();
        }

        if (functions.Contains(KabinFunctions.Policy))
        {
            services.AddPolicyFunction();
        }

        if (functions.Contains(KabinFunctions.Sandbox))
        {
            services.AddSandboxFunction();
        }

        return services;
    }
}
