using Kabin.Access;
using Kabin.Events;
using Microsoft.AspNetCore.Http;

namespace Kabin.Adapters.CloudEventsHttp;

/// <summary>
/// <c>POST /</c>: the ASP.NET Core shell over <see cref="CloudEventExchange"/>. With a delivery
/// authenticator (Knative's OIDC tokens), a delivery it refuses is a 401 before anything is read.
/// </summary>
public sealed class CloudEventsEndpoint(CloudEventExchange exchange, EventDispatcher dispatcher, IDeliveryAuthenticator? authenticator = null)
{
    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var cancellationToken = context.RequestAborted;
        if (authenticator is not null
            && await authenticator.RefusalAsync(context.Request.Headers.Authorization.FirstOrDefault(), cancellationToken).ConfigureAwait(false) is { } refusal)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer";
            context.Response.ContentType = ProblemWriter.ContentType;
            await context.Response.WriteAsync(Unauthorized(refusal), cancellationToken).ConfigureAwait(false);
            return;
        }

        var response = await exchange.HandleAsync(context.Request.ToParts(), dispatcher, cancellationToken).ConfigureAwait(false);
        await context.Response.WriteAsync(response, cancellationToken).ConfigureAwait(false);
    }

    private static string Unauthorized(string detail) =>
        new System.Text.Json.Nodes.JsonObject
        {
            ["type"] = "about:blank",
            ["title"] = "Delivery not authenticated",
            ["status"] = 401,
            ["detail"] = detail,
        }.ToJsonString();
}
