using Kabin.Events;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace Kabin.Functions.Worker;

/// <summary><c>POST /tenant</c>: the tenant function's CloudEvents in binary, structured or batched mode.</summary>
public sealed class TenantFunction(CloudEventsTrigger trigger)
{
    [Function(KabinFunctions.Tenant)]
    public Task<HttpResponseData> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = KabinFunctions.Tenant)] HttpRequestData request,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return trigger.HandleAsync(KabinFunctions.Tenant, request, context.CancellationToken);
    }
}
