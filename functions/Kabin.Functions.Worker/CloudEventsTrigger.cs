using Kabin.Adapters.CloudEventsHttp;
using Microsoft.Azure.Functions.Worker.Http;

namespace Kabin.Functions.Worker;

/// <summary>The HTTP-triggered CloudEvents exchange of one function, shared by the function classes.</summary>
public sealed class CloudEventsTrigger(CloudEventExchange exchange, FunctionDispatchers dispatchers)
{
    public async Task<HttpResponseData> HandleAsync(string function, HttpRequestData request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parts = await exchange.HandleAsync(request.ToParts(), dispatchers.For(function), cancellationToken).ConfigureAwait(false);
        return await request.ToResponseAsync(parts, cancellationToken).ConfigureAwait(false);
    }
}
