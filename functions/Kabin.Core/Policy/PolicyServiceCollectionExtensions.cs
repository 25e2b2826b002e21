using Kabin.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Kabin.Policy;

/// <summary>Registers the policy function's services and event handlers.</summary>
public static class PolicyServiceCollectionExtensions
{
    /// <summary>The policy function: engine, AdmissionReview handling and the CloudEvents handler.</summary>
    public static IServiceCollection AddPolicyFunction(this IServiceCollection services)
    {
        services.AddPolicyEngine();
        services.AddOptions<AdmissionOptions>().BindConfiguration(AdmissionOptions.SectionName);
        services.TryAddSingleton<AdmissionReviewHandler>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFunctionHandler, PolicyFunctionHandler>());
        return services;
    }

    /// <summary>Only the engine, for functions (sandbox) that check what they create.</summary>
    public static IServiceCollection AddPolicyEngine(this IServiceCollection services)
    {
        services.TryAddSingleton<IPolicyEngine, PolicyEngine>();
        return services;
    }
}
