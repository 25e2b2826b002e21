using Kabin.Access;
using Kabin.Events;
using Microsoft.AspNetCore.Http;

namespace Kabin.Adapters.CloudEvents.Http;

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
        var response = await DeliveryRefusal.CheckAsync(authenticator, context.Request.Headers.Authorization.FirstOrDefault(), cancellationToken).ConfigureAwait(false)
            ?? await exchange.HandleAsync(context.Request.ToParts(), dispatcher, cancellationToken).ConfigureAwait(false);
        await context.Response.WriteAsync(response, cancellationToken).ConfigureAwait(false);
    }
}
