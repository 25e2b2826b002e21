using System.Text.Json.Nodes;

namespace Kabin.LocalCluster;

/// <summary>One object in the store, with the manager that owns each of its fields.</summary>
internal sealed class StoredObject(JsonObject body, Dictionary<string, string> owners)
{
    public JsonObject Body { get; set; } = body;

    public Dictionary<string, string> Owners { get; set; } = owners;

    public string ResourceVersion => Body["metadata"]?["resourceVersion"]?.ToString() ?? string.Empty;

    public string Uid => Body["metadata"]?["uid"]?.ToString() ?? string.Empty;

    public bool IsDeleting => Body["metadata"]?["deletionTimestamp"] is not null;

    public IReadOnlyList<string> Finalizers => StringsAt(Body["metadata"]?["finalizers"]);

    public IEnumerable<string> OwnerUids =>
        (Body["metadata"]?["ownerReferences"] as JsonArray ?? []).Select(r => r?["uid"]?.ToString()).OfType<string>();

    public static IReadOnlyList<string> StringsAt(JsonNode? node) =>
        [.. (node as JsonArray ?? []).Select(n => n?.ToString()).OfType<string>()];
}
