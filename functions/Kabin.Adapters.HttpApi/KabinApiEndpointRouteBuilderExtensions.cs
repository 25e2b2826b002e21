using Kabin.Access;
using Kabin.Adapters.HttpApi.Access;
using Kabin.Adapters.HttpApi.Policy;
using Kabin.Adapters.HttpApi.Sandboxes;
using Kabin.Adapters.HttpApi.Tenants;
using Kabin.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Kabin.Adapters.HttpApi;

/// <summary>Maps the API routes of the enabled functions, and <c>/openapi/v1.json</c>.</summary>
public static class KabinApiEndpointRouteBuilderExtensions
{
    public static IEndpointRouteBuilder MapKabinApi(this IEndpointRouteBuilder endpoints, IReadOnlySet<string> functions)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(functions);
        var api = endpoints.MapGroup("").AddEndpointFilter(ApiExceptionFilter.InvokeAsync);
        if (endpoints.ServiceProvider.GetRequiredService<IOptions<KabinApiOptions>>().Value.UsesKubernetes)
        {
            // Resolved now, so a host without a cluster to review tokens fails at start, not on the first call.
            _ = endpoints.ServiceProvider.GetRequiredService<IAccessReview>();
            api.AddEndpointFilter(ApiAccessFilter.InvokeAsync);
        }

        if (functions.Contains(KabinFunctions.Tenant))
        {
            TenantEndpoints.Map(api);
        }

        if (functions.Contains(KabinFunctions.Policy))
        {
            PolicyEndpoints.Map(api);
        }

        if (functions.Contains(KabinFunctions.Sandbox))
        {
            SandboxEndpoints.Map(api);
            SandboxWorkEndpoints.Map(api);
        }

        endpoints.MapOpenApi();
        return endpoints;
    }
}
