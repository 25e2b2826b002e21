using Kabin.Events;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace Kabin.Functions.Worker;

/// <summary>
/// The three functions' CloudEvents endpoints, <c>POST /tenant</c>, <c>/policy</c> and
/// <c>/sandbox</c>, in binary, structured or batched mode; each reaches only its own handlers.
/// </summary>
public sealed class CloudEventFunctions(CloudEventsTrigger trigger)
{
    [Function(KabinFunctions.Tenant)]
    public Task<HttpResponseData> TenantAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = KabinFunctions.Tenant)] HttpRequestData request,
        FunctionContext context) => trigger.HandleAsync(KabinFunctions.Tenant, request, context);

    [Function(KabinFunctions.Policy)]
    public Task<HttpResponseData> PolicyAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = KabinFunctions.Policy)] HttpRequestData request,
        FunctionContext context) => trigger.HandleAsync(KabinFunctions.Policy, request, context);

    [Function(KabinFunctions.Sandbox)]
    public Task<HttpResponseData> SandboxAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = KabinFunctions.Sandbox)] HttpRequestData request,
        FunctionContext context) => trigger.HandleAsync(KabinFunctions.Sandbox, request, context);
}
