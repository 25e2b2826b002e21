using Microsoft.Extensions.DependencyInjection;

namespace Kabin.Sandboxes;

/// <summary>Registers the sandbox function's services and event handlers.</summary>
public static class SandboxServiceCollectionExtensions
{
    public static IServiceCollection AddSandboxFunction(this IServiceCollection services)
    {
        // Filled in by the sandbox function's issue.
        return services;
    }
}
