using Kabin.Adapters.CloudEventsHttp;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace Kabin.Functions.Worker;

/// <summary>One function's HTTP-triggered CloudEvents exchange: the worker's request in, the shared exchange, the worker's response out.</summary>
public sealed class CloudEventsTrigger(CloudEventExchange exchange, FunctionDispatchers dispatchers)
{
    public async Task<HttpResponseData> HandleAsync(string function, HttpRequestData request, FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var cancellationToken = context.CancellationToken;
        var parts = await exchange.HandleAsync(request.ToParts(), dispatchers.For(function), cancellationToken).ConfigureAwait(false);
        return await request.ToResponseAsync(parts, cancellationToken).ConfigureAwait(false);
    }
}
