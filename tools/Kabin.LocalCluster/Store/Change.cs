using System.Text.Json.Nodes;

namespace Kabin.LocalCluster;

/// <summary>
/// A write the store has planned but not committed: admission sees (and may mutate) <see cref="Object"/>
/// before <see cref="ObjectStore.Commit"/> stores it, provided nobody wrote the object in between.
/// </summary>
internal sealed class Change(ObjectKey key, JsonObject? old, JsonObject @object, Dictionary<string, string> owners)
{
    public ObjectKey Key { get; } = key;

    /// <summary>The stored object before the change; null for a create.</summary>
    public JsonObject? Old { get; } = old;

    public JsonObject Object { get; set; } = @object;

    public Dictionary<string, string> Owners { get; } = owners;

    public string Operation => Old is null ? "CREATE" : "UPDATE";

    public string? ExpectedResourceVersion => Old?["metadata"]?["resourceVersion"]?.ToString();
}
