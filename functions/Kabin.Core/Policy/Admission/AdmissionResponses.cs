using System.Text;
using System.Text.Json.Nodes;

namespace Kabin.Policy;

/// <summary>Builds AdmissionReview responses.</summary>
internal static class AdmissionResponses
{
    public static JsonObject Allowed(string uid, IReadOnlyList<PolicyViolation>? warnings = null)
    {
        var response = new JsonObject { ["uid"] = uid, ["allowed"] = true };
        AddWarnings(response, warnings);
        return Review(response);
    }

    public static JsonObject Denied(string uid, int code, string reason, string message, IReadOnlyList<PolicyViolation>? warnings = null)
    {
        var response = new JsonObject
        {
            ["uid"] = uid,
            ["allowed"] = false,
            ["status"] = new JsonObject { ["code"] = code, ["reason"] = reason, ["message"] = message },
        };
        AddWarnings(response, warnings);
        return Review(response);
    }

    public static JsonObject Patched(string uid, JsonArray patch)
    {
        var bytes = Encoding.UTF8.GetBytes(patch.ToJsonString());
        return Review(new JsonObject
        {
            ["uid"] = uid,
            ["allowed"] = true,
            ["patchType"] = "JSONPatch",
            ["patch"] = Convert.ToBase64String(bytes),
        });
    }

    /// <summary>One line per finding: <c>[rule] path: message</c>.</summary>
    public static string Describe(string subject, IReadOnlyList<PolicyViolation> violations)
    {
        var text = new StringBuilder(64 + (violations.Count * 160));
        text.Append("Kabin policy denied ").Append(subject).Append(':');
        foreach (var violation in violations)
        {
            text.Append("\n[").Append(violation.Rule).Append("] ").Append(violation.Path).Append(": ").Append(violation.Message);
        }

        return text.ToString();
    }

    private static void AddWarnings(JsonObject response, IReadOnlyList<PolicyViolation>? warnings)
    {
        if (warnings is not { Count: > 0 })
        {
            return;
        }

        var array = new JsonArray();
        foreach (var warning in warnings)
        {
            array.Add((JsonNode)JsonValue.Create($"[{warning.Rule}] {warning.Path}: {warning.Message}"));
        }

        response["warnings"] = array;
    }

    private static JsonObject Review(JsonObject response) => new()
    {
        ["apiVersion"] = AdmissionRequest.ApiVersion,
        ["kind"] = "AdmissionReview",
        ["response"] = response,
    };
}
