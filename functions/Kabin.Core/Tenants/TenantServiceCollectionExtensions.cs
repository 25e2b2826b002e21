using Microsoft.Extensions.DependencyInjection;

namespace Kabin.Tenants;

/// <summary>Registers the tenant function's services and event handlers.</summary>
public static class TenantServiceCollectionExtensions
{
    public static IServiceCollection AddTenantFunction(this IServiceCollection services)
    {
        // Filled in by the tenant function's issue.
        return services;
    }
}
