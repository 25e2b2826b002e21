using System.Text.Json.Nodes;

namespace Kabin.Core.Tests.Policy;

/// <summary>AdmissionReview v1 requests as the API server sends them.</summary>
internal static class AdmissionReviews
{
    public static JsonObject For(
        JsonObject? workload, string uid = "705ab4f5-6393-11e8-b7cc-42010a800002", string operation = "CREATE", string? subResource = null,
        JsonObject? oldObject = null, bool dryRun = false, string user = "alice@acme.example", params string[] groups) => new()
    {
        ["apiVersion"] = "admission.k8s.io/v1",
        ["kind"] = "AdmissionReview",
        ["request"] = new JsonObject
        {
            ["uid"] = uid,
            ["kind"] = new JsonObject { ["group"] = "", ["version"] = "v1", ["kind"] = workload?["kind"]?.GetValue<string>() },
            ["namespace"] = (workload ?? oldObject)?["metadata"]?["namespace"]?.GetValue<string>(),
            ["operation"] = operation,
            ["subResource"] = subResource,
            ["object"] = workload?.DeepClone(),
            ["oldObject"] = oldObject?.DeepClone(),
            ["dryRun"] = dryRun,
            ["userInfo"] = new JsonObject
            {
                ["username"] = user,
                ["groups"] = new JsonArray([.. groups.Append("system:authenticated").Select(group => (JsonNode)JsonValue.Create(group))]),
            },
        },
    };
}
