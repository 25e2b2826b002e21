using System.Text.Json.Nodes;

namespace Kabin.LocalCluster;

/// <summary>A failure the double answers with a <c>kind: Status</c> body, as the API server does.</summary>
public sealed class ApiStatusException(int code, string reason, string message, JsonObject? details = null) : Exception(message)
{
    public int Code { get; } = code;

    public string Reason { get; } = reason;

    public JsonObject? Details { get; } = details;

    public static ApiStatusException NotFound(ApiResource resource, string name) =>
        new(404, "NotFound", $"{resource.QualifiedName} \"{name}\" not found", DetailsOf(resource, name));

    public static ApiStatusException AlreadyExists(ApiResource resource, string name) =>
        new(409, "AlreadyExists", $"{resource.QualifiedName} \"{name}\" already exists", DetailsOf(resource, name));

    public static ApiStatusException Modified(ApiResource resource, string name) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {resource.QualifiedName} \"{name}\": the object has been modified; please apply your changes to the latest version and try again", DetailsOf(resource, name));

    public static ApiStatusException Invalid(ApiResource resource, string name, string detail) =>
        new(422, "Invalid", $"{resource.Kind} \"{name}\" is invalid: {detail}", DetailsOf(resource, name));

    public static ApiStatusException BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiStatusException Forbidden(ApiResource resource, string? name, string message, JsonArray? causes = null)
    {
        var details = DetailsOf(resource, name ?? string.Empty);
        if (causes is not null)
        {
            details["causes"] = causes;
        }

        return new(403, "Forbidden", message, details);
    }

    public static ApiStatusException Gone(string message) => new(410, "Expired", message);

    public JsonObject ToStatus()
    {
        var status = StatusBody(Code, Reason, Message);
        if (Details is not null)
        {
            status["details"] = Details.DeepClone();
        }

        return status;
    }

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

    private static JsonObject DetailsOf(ApiResource resource, string name)
    {
        var details = new JsonObject { ["kind"] = resource.Plural };
        if (name.Length > 0)
        {
            details["name"] = name;
        }

        if (resource.Group.Length > 0)
        {
            details["group"] = resource.Group;
        }

        return details;
    }
}
