using System.Text.Json.Nodes;

namespace Kabin.TestDoubles.Kubernetes;

/// <summary>A failure the double answers with a <c>kind: Status</c> body, as the API server does.</summary>
internal sealed class ApiStatusException(int code, string reason, string message) : Exception(message)
{
    public int Code { get; } = code;

    public string Reason { get; } = reason;

    public static ApiStatusException NotFound(ApiResource resource, string name) =>
        new(404, "NotFound", $"{resource.Plural}{GroupSuffix(resource)} \"{name}\" not found");

    public static ApiStatusException AlreadyExists(ApiResource resource, string name) =>
        new(409, "AlreadyExists", $"{resource.Plural}{GroupSuffix(resource)} \"{name}\" already exists");

    public static ApiStatusException Invalid(ApiResource resource, string name, string detail) =>
        new(422, "Invalid", $"{resource.Kind} \"{name}\" is invalid: {detail}");

    public static ApiStatusException BadRequest(string message) => new(400, "BadRequest", message);

    public JsonObject ToStatus() => StatusBody(Code, Reason, Message);

    public static JsonObject StatusBody(int code, string reason, string message) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = code < 400 ? "Success" : "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["code"] = code,
    };

    private static string GroupSuffix(ApiResource resource) => resource.Group.Length == 0 ? string.Empty : "." + resource.Group;
}
