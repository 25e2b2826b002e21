using Kabin.Events;
using Microsoft.AspNetCore.Http;

namespace Kabin.Adapters.CloudEventsHttp;

/// <summary><c>POST /</c>: the ASP.NET Core shell over <see cref="CloudEventExchange"/>.</summary>
public sealed class CloudEventsEndpoint(CloudEventExchange exchange, EventDispatcher dispatcher)
{
    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var cancellationToken = context.RequestAborted;
        var response = await exchange.HandleAsync(context.Request.ToParts(), dispatcher, cancellationToken).ConfigureAwait(false);
        await context.Response.WriteAsync(response, cancellationToken).ConfigureAwait(false);
    }
}
