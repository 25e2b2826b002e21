using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Kabin.Adapters.CloudEvents.Http;

/// <summary>Maps <c>POST /</c> for CloudEvents and the Knative health endpoints.</summary>
public static class CloudEventsEndpointRouteBuilderExtensions
{
    public static IEndpointRouteBuilder MapKabinCloudEvents(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapPost("/", context => context.RequestServices.GetRequiredService<CloudEventsEndpoint>().HandleAsync(context));
        endpoints.MapGet("/health/liveness", HealthEndpoints.LivenessAsync);
        endpoints.MapGet("/health/readiness", HealthEndpoints.ReadinessAsync);
        return endpoints;
    }
}
