using System.Text.Json.Nodes;
using Kabin.Tenants;

namespace Kabin.Policy;

/// <summary>
/// The mutating webhook's one change: set the tenant's default runtime class where the pod
/// template names none (absent or empty), as RFC 6902 JSON Patch operations.
/// </summary>
public static class RuntimeClassDefaulter
{
    /// <summary>The patch operations; an empty array when the object already names a class.</summary>
    public static JsonArray CreatePatch(JsonObject workload, TenantRecord tenant)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(tenant);
        var template = PodTemplateLocator.Locate(workload);
        if (JsonNav.String(template.Spec, "runtimeClassName") is { Length: > 0 })
        {
            return [];
        }

        var op = template.Spec.ContainsKey("runtimeClassName") ? "replace" : "add";
        // The JsonNode constructor, not a collection expression: that would bind to the generic
        // JsonArray.Add<T>, which needs reflection under Native AOT.
        return new JsonArray(new JsonObject
        {
            ["op"] = op,
            ["path"] = template.SpecPointer + "/runtimeClassName",
            ["value"] = tenant.DefaultRuntimeClass,
        });
    }
}
