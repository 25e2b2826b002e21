using Microsoft.Extensions.DependencyInjection;

namespace Kabin.Policy;

/// <summary>Registers the policy function's services and event handlers.</summary>
public static class PolicyServiceCollectionExtensions
{
    public static IServiceCollection AddPolicyFunction(this IServiceCollection services)
    {
        // Filled in by the policy function's issue.
        return services;
    }
}
