using System.Text.Json.Nodes;

namespace Kabin.Policy;

/// <summary>The mutating webhook: the tenant's default runtime class where the object names none.</summary>
public sealed partial class AdmissionReviewHandler
{
    public async Task<JsonObject> MutateAsync(JsonNode? body, CancellationToken cancellationToken)
    {
        var request = AdmissionRequest.Read(body);
        if (request.NeedsNoCheck || request.Object is not { } workload)
        {
            return AdmissionResponses.Allowed(request.Uid);
        }

        try
        {
            var tenant = await FindTenantAsync(request, cancellationToken).ConfigureAwait(false);
            if (tenant is null)
            {
                return AdmissionResponses.Allowed(request.Uid);
            }

            var patch = RuntimeClassDefaulter.CreatePatch(workload, tenant);
            return patch.Count == 0 ? AdmissionResponses.Allowed(request.Uid) : AdmissionResponses.Patched(request.Uid, patch);
        }
        catch (Exception e) when (e is not InvalidEventDataException and not OperationCanceledException)
        {
            LogFailed(logger, e, request.Uid);
            return AdmissionResponses.Denied(
                request.Uid, 500, "InternalError",
                $"Kabin could not set the default runtime class ({e.GetType().Name}), so the object is denied. Retry; if it persists, check the policy function's logs for request {request.Uid}.");
        }
    }
}
