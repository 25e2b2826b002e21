using Kabin.Sandboxes;
using Kabin.Tenants;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Kabin.Adapters.HttpApi;

/// <summary>Registers the plain HTTP API: body reading, the event runner, the read-side queries and the OpenAPI document.</summary>
public static class KabinApiServiceCollectionExtensions
{
    public static IServiceCollection AddKabinApi(this IServiceCollection services)
    {
        services.AddOptions<KabinApiOptions>()
            .BindConfiguration(KabinApiOptions.SectionName)
            .PostConfigure<Microsoft.Extensions.Configuration.IConfiguration>((options, configuration) =>
                options.Authentication = KabinApiOptions.Resolve(options.Authentication, configuration["KUBERNETES_SERVICE_HOST"]))
            .Validate(o => o.MaxDocuments > 0 && o.MaxNodes > 0 && o.MaxDepth > 0, "Kabin:Api limits must be positive.")
            .Validate(o => o.UsesKubernetes || string.Equals(o.Authentication, "none", StringComparison.OrdinalIgnoreCase),
                "Kabin:Api:Authentication must be 'auto', 'none' or 'kubernetes'.")
            .ValidateOnStart();
        services.TryAddSingleton<RequestBodies>();
        services.TryAddSingleton<ApiEventRunner>();
        services.TryAddSingleton<TenantQueries>();
        services.TryAddSingleton<SandboxQueries>();
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default));
        services.AddOpenApi(openApi => openApi.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Kabin";
            document.Info.Description = "Plain HTTP invocations of Kabin's tenant, policy and sandbox functions.";
            return Task.CompletedTask;
        }));
        return services;
    }
}
