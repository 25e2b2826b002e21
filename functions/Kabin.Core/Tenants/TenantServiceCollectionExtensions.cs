using Kabin.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Kabin.Tenants;

/// <summary>Registers the tenant function's services and event handlers.</summary>
public static class TenantServiceCollectionExtensions
{
    /// <summary>
    /// Adds the tenant handler with <see cref="TenantOptions"/> bound from <c>Kabin:Tenants</c> and
    /// validated at start. The state store, cluster client and tenant directory come from the host.
    /// </summary>
    public static IServiceCollection AddTenantFunction(this IServiceCollection services)
    {
        services.AddOptions<TenantOptions>().BindConfiguration("Kabin:Tenants").ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TenantOptions>, TenantOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFunctionHandler, TenantHandler>());
        return services;
    }
}
