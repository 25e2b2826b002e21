using System.Text.Json.Nodes;
using Kabin.Tenants;

namespace Kabin.Policy;

/// <summary>
/// The mutating webhook: the tenant's default runtime class where the object names none, on
/// CREATE only (a pod's runtime class is immutable; an UPDATE is judged, never patched).
/// </summary>
public sealed partial class AdmissionReviewHandler
{
    public Task<JsonObject> MutateAsync(JsonNode? body, CancellationToken cancellationToken) =>
        MeasuredReviewAsync("mutate", body, "set the default runtime class", "the object", Mutate, cancellationToken);

    private static (JsonObject Review, string? DeniedBy) Mutate(AdmissionRequest request, JsonObject workload, TenantRecord tenant)
    {
        if (!request.IsCreate)
        {
            return (AdmissionResponses.Allowed(request.Uid), null);
        }

        var patch = RuntimeClassDefaulter.CreatePatch(workload, tenant);
        return (patch.Count == 0 ? AdmissionResponses.Allowed(request.Uid) : AdmissionResponses.Patched(request.Uid, patch), null);
    }
}
