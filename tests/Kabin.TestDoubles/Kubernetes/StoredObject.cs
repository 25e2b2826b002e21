using System.Text.Json.Nodes;

namespace Kabin.TestDoubles.Kubernetes;

/// <summary>One object in the double's store, with the manager that owns each of its fields.</summary>
internal sealed class StoredObject(JsonObject body)
{
    public JsonObject Body { get; set; } = body;

    public Dictionary<string, string> Owners { get; } = new(StringComparer.Ordinal);
}
