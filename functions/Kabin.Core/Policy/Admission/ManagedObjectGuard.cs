using System.Text.Json.Nodes;
using Kabin.Tenants;

namespace Kabin.Policy;

/// <summary>
/// The guard rails Kabin puts in a tenant's namespace (quota, limit range, network policies, role
/// bindings, service account, event policy, all labelled <c>app.kubernetes.io/managed-by: kabin</c>)
/// may be changed or deleted by Kabin and the platform only (the multi-tenancy benchmark's
/// MTB-PL1-BC-CPI-2). Owners may manage Roles and RoleBindings of their own beside them, and may
/// not label one of theirs as Kabin's either, which would shield it from themselves.
/// </summary>
internal static class ManagedObjectGuard
{
    public const string Rule = "tenancy/managed-object";

    /// <summary>The kinds only the guard looks at (knative/admission-webhooks.yaml, guard.policy.kabin.dev): they carry no pod to judge.</summary>
    public static bool IsGuardedKind(JsonObject? target) =>
        JsonNav.String(target, "kind") is "ResourceQuota" or "LimitRange" or "ServiceAccount" or "NetworkPolicy" or "Role" or "RoleBinding"
            or "EventPolicy";

    /// <summary>The denial, or null when the request touches nothing Kabin manages or comes from the platform.</summary>
    public static JsonObject? Refuse(AdmissionRequest request, AdmissionOptions options)
    {
        // Status and other subresources are the controllers' (the quota controller writes usage there).
        if (request.SubResource is { Length: > 0 } || !(IsManaged(request.Object) || IsManaged(request.OldObject)))
        {
            return null;
        }

        if (options.IsPlatform(request.UserName, request.Groups))
        {
            return null;
        }

        var target = request.Object ?? request.OldObject!;
        var metadata = JsonNav.Object(target, "metadata");
        var what = $"{JsonNav.String(target, "kind")} {request.TargetNamespace ?? JsonNav.String(metadata, "namespace")}/{JsonNav.String(metadata, "name")}";
        var message = IsManaged(request.OldObject) || request.Operation == "DELETE"
            ? $"{what} is managed by Kabin ({TenantLabels.ManagedBy}: {TenantLabels.ManagedByValue}), so {request.UserName ?? "this user"} may not {Verb(request)} it. "
              + "Change the tenant's spec instead (PUT /tenants/{name}); Kabin applies what follows from it."
            : $"{what} may not carry {TenantLabels.ManagedBy}: {TenantLabels.ManagedByValue}: that label marks the objects only Kabin changes. Remove the label.";
        return AdmissionResponses.Denied(request.Uid, 403, "Forbidden", $"[{Rule}] {message}");
    }

    private static bool IsManaged(JsonObject? target) =>
        JsonNav.String(JsonNav.Object(JsonNav.Object(target, "metadata"), "labels"), TenantLabels.ManagedBy) == TenantLabels.ManagedByValue;

    private static string Verb(AdmissionRequest request) => request.Operation switch
    {
        "DELETE" => "delete",
        "CREATE" => "create",
        _ => "change",
    };
}
