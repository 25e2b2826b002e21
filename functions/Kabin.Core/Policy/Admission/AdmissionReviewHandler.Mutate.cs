using System.Text.Json.Nodes;
using Kabin.Tenants;

namespace Kabin.Policy;

/// <summary>
/// The mutating webhook: the tenant's default runtime class where the object names none, and
/// <c>imagePullPolicy: Always</c> where the tenant asks for it, on CREATE only (both are immutable
/// in a pod; an UPDATE is judged, never patched, and the pods a changed template makes are created).
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
        ImagePullPolicyDefaulter.AddPatch(patch, workload, tenant);
        return (patch.Count == 0 ? AdmissionResponses.Allowed(request.Uid) : AdmissionResponses.Patched(request.Uid, patch), null);
    }
}
