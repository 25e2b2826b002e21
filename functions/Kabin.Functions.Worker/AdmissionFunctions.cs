using Kabin.Adapters.CloudEvents;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace Kabin.Functions.Worker;

/// <summary>The policy function's admission webhooks: <c>POST /admission/validate</c> and <c>POST /admission/mutate</c>.</summary>
public sealed class AdmissionFunctions(AdmissionExchange admission)
{
    [Function("admission-validate")]
    public Task<HttpResponseData> ValidateAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admission/validate")] HttpRequestData request,
        FunctionContext context) => AdmitAsync(request, context, mutate: false);

    [Function("admission-mutate")]
    public Task<HttpResponseData> MutateAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admission/mutate")] HttpRequestData request,
        FunctionContext context) => AdmitAsync(request, context, mutate: true);

    private async Task<HttpResponseData> AdmitAsync(HttpRequestData request, FunctionContext context, bool mutate)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var parts = await admission.HandleAsync(request.ToParts(), mutate, context.CancellationToken).ConfigureAwait(false);
        return await request.ToResponseAsync(parts, context.CancellationToken).ConfigureAwait(false);
    }
}
