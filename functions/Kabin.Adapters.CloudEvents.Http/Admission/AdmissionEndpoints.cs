using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Kabin.Adapters.CloudEvents.Http;

/// <summary>Maps the policy function's admission webhooks, <c>POST /admission/validate</c> and <c>POST /admission/mutate</c>, over <see cref="AdmissionExchange"/>.</summary>
public static class AdmissionEndpoints
{
    public static IEndpointRouteBuilder MapKabinAdmission(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        // A singleton over the policy function's AdmissionReviewHandler, registered or not by AddKabinCloudEvents.
        var exchange = ActivatorUtilities.GetServiceOrCreateInstance<AdmissionExchange>(endpoints.ServiceProvider);
        endpoints.MapPost("/admission/validate", context => HandleAsync(exchange, context, mutate: false));
        endpoints.MapPost("/admission/mutate", context => HandleAsync(exchange, context, mutate: true));
        return endpoints;
    }

    private static async Task HandleAsync(AdmissionExchange exchange, HttpContext context, bool mutate)
    {
        // The API server is the only sender here and its objects reach 3 MiB: the CloudEvents body limit does not apply.
        if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = AdmissionExchange.MaxReviewBytes;
        }

        var response = await exchange.HandleAsync(context.Request.ToParts(), mutate, context.RequestAborted).ConfigureAwait(false);
        await context.Response.WriteAsync(response, context.RequestAborted).ConfigureAwait(false);
    }
}
