using Kabin.Cluster;
using Kabin.Events;
using Kabin.Policy;
using Kabin.Sandboxes.Work;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Kabin.Sandboxes;

/// <summary>Registers the sandbox function's services and event handlers.</summary>
public static class SandboxServiceCollectionExtensions
{
    /// <summary>
    /// Adds the sandbox handler with <see cref="SandboxOptions"/> bound from <c>Kabin:Sandboxes</c>
    /// and validated at start, and the policy engine it checks each pod with. Needs the state store
    /// and cluster client ports.
    /// </summary>
    public static IServiceCollection AddSandboxFunction(this IServiceCollection services)
    {
        services.AddOptions<SandboxOptions>().BindConfiguration(SandboxOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SandboxOptions>, SandboxOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddPolicyEngine();
        services.TryAddSingleton<SandboxQueries>();
        // The cluster adapter registers the real exec first; without one nothing can run in a pod.
        services.TryAddSingleton<IPodExec, PlanPodExec>();
        services.TryAddSingleton<SandboxWorkspace>();
        services.TryAddSingleton<SandboxHandler>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFunctionHandler, SandboxCommandHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFunctionHandler, SandboxHandler>(
            provider => provider.GetRequiredService<SandboxHandler>()));
        return services;
    }
}
