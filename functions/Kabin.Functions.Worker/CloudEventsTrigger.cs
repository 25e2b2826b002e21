using Kabin.Access;
using Kabin.Adapters.CloudEvents;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace Kabin.Functions.Worker;

/// <summary>
/// One function's HTTP-triggered CloudEvents exchange: the worker's request in, the shared exchange,
/// the worker's response out; a delivery the authenticator (if any) refuses is a 401, as on the Knative host.
/// </summary>
public sealed class CloudEventsTrigger(CloudEventExchange exchange, FunctionDispatchers dispatchers, IDeliveryAuthenticator? authenticator = null)
{
    public async Task<HttpResponseData> HandleAsync(string function, HttpRequestData request, FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var cancellationToken = context.CancellationToken;
        var authorization = request.Headers.TryGetValues("Authorization", out var values) ? values.FirstOrDefault() : null;
        var parts = await DeliveryRefusal.CheckAsync(authenticator, authorization, cancellationToken).ConfigureAwait(false)
            ?? await exchange.HandleAsync(request.ToParts(), dispatchers.For(function), cancellationToken).ConfigureAwait(false);
        return await request.ToResponseAsync(parts, cancellationToken).ConfigureAwait(false);
    }
}
