using Kabin.Events;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace Kabin.Functions.Worker;

/// <summary><c>POST /sandbox</c>: the sandbox function's CloudEvents in binary, structured or batched mode.</summary>
public sealed class SandboxFunction(CloudEventsTrigger trigger)
{
    [Function(KabinFunctions.Sandbox)]
    public Task<HttpResponseData> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = KabinFunctions.Sandbox)] HttpRequestData request,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return trigger.HandleAsync(KabinFunctions.Sandbox, request, context.CancellationToken);
    }
}
