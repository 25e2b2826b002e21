using System.Text.Json;
using System.Text.Json.Nodes;
using Kabin.State;

namespace Kabin.Cluster;

/// <summary>
/// Where plan mode keeps its objects: <c>plan/objects/{namespace}/{apiVersion}/{kind}/{name}</c>
/// (<c>-</c> for cluster-scoped, never a namespace's name), and per namespace an index
/// <c>plan/index/{namespace}</c> of <c>[apiVersion, kind, name]</c> entries, bounded by what a
/// tenant may hold. Cluster-scoped objects (a namespace per tenant) and the names of namespaces
/// that hold objects (<c>plan/namespaces/{shard}</c>, for lists across namespaces) are kept in
/// <see cref="ClusterShards"/> hash shards, so no key grows with the fleet beyond a shard's share.
/// </summary>
public sealed partial class PlanClusterClient
{
    private const int Attempts = 50;
    private const int ClusterShards = 64;
    private const string ClusterScope = "-";

    private static string ObjectKey(ResourceRef resource) =>
        $"plan/objects/{resource.Namespace ?? ClusterScope}/{resource.ApiVersion}/{resource.Kind}/{resource.Name}";

    private static string IndexKey(ResourceRef resource) =>
        resource.Namespace is { } namespaceName ? NamespaceIndexKey(namespaceName) : ClusterIndexKey(StableHash.ShardOf(resource.Name, ClusterShards));

    private static string NamespaceIndexKey(string namespaceName) => $"plan/index/{namespaceName}";

    private static string ClusterIndexKey(int shard) => $"plan/index/{ClusterScope}/{shard:D2}";

    private static string NamespacesKey(int shard) => $"plan/namespaces/{shard:D2}";

    private async Task AddToIndexAsync(ResourceRef resource, CancellationToken cancellationToken)
    {
        var key = IndexKey(resource);
        var index = await store.GetAsync(key, KabinJsonContext.Default.JsonArray, cancellationToken).ConfigureAwait(false);
        if (index is null && resource.Namespace is { } namespaceName)
        {
            // Known before its index exists, so a list across namespaces never misses one.
            await ChangeNamespacesAsync(namespaceName, present: true, cancellationToken).ConfigureAwait(false);
        }

        await ChangeSetAsync(key, IndexEntry.Of(resource).ToNode(), present: true, Changing(resource.Namespace), cancellationToken, index)
            .ConfigureAwait(false);
    }

    private Task<bool> RemoveFromIndexAsync(ResourceRef resource, CancellationToken cancellationToken) =>
        ChangeSetAsync(IndexKey(resource), IndexEntry.Of(resource).ToNode(), present: false, Changing(resource.Namespace), cancellationToken);

    /// <summary>Notes or forgets a namespace that has objects in the plan, in <c>plan/namespaces/{shard}</c>.</summary>
    private Task<bool> ChangeNamespacesAsync(string namespaceName, bool present, CancellationToken cancellationToken) =>
        ChangeSetAsync(
            NamespacesKey(StableHash.ShardOf(namespaceName, ClusterShards)), JsonValue.Create(namespaceName), present, Changing(namespaceName: null), cancellationToken);

    /// <summary>
    /// Adds (<paramref name="present"/>) or removes one member of a JSON array kept as a set, with
    /// ETag concurrency; members compare as JSON. Nothing is written when the set already agrees.
    /// </summary>
    private Task<bool> ChangeSetAsync(
        string key, JsonNode member, bool present, string conflict, CancellationToken cancellationToken, StateItem<JsonArray>? known = null) =>
        store.ChangeAsync(
            key,
            KabinJsonContext.Default.JsonArray,
            current => (current?.Any(node => JsonNode.DeepEquals(node, member)) ?? false) == present
                ? null
                : present
                    ? With(current, member)
                    : Without(current!, node => JsonNode.DeepEquals(node, member)),
            Attempts,
            conflict,
            cancellationToken,
            known);

    private static string Changing(string? namespaceName) =>
        $"The plan's index of {namespaceName ?? "cluster-scoped objects"} kept changing; try again.";

    private async Task<IReadOnlyList<IndexEntry>> ReadIndexAsync(string key, CancellationToken cancellationToken)
    {
        var index = await store.GetAsync(key, KabinJsonContext.Default.JsonArray, cancellationToken).ConfigureAwait(false);
        return index is null ? [] : [.. index.Value.Select(IndexEntry.Read).OfType<IndexEntry>()];
    }

    /// <summary>Every object the plan holds: the cluster-scoped ones, then each namespace's. As costly as a list across a real cluster.</summary>
    private async Task<IReadOnlyList<ResourceRef>> EverywhereAsync(CancellationToken cancellationToken)
    {
        var all = new List<ResourceRef>();
        for (var shard = 0; shard < ClusterShards; shard++)
        {
            all.AddRange((await ReadIndexAsync(ClusterIndexKey(shard), cancellationToken).ConfigureAwait(false))
                .Select(entry => entry.In(null)));
            var namespaces = await store.GetAsync(NamespacesKey(shard), KabinJsonContext.Default.JsonArray, cancellationToken).ConfigureAwait(false);
            foreach (var name in namespaces?.Value.Select(node => node?.GetValue<string>()).OfType<string>() ?? [])
            {
                all.AddRange((await ReadIndexAsync(NamespaceIndexKey(name), cancellationToken).ConfigureAwait(false))
                    .Select(inside => inside.In(name)));
            }
        }

        return all;
    }

    // JsonArray's collection expressions would go through its generic Add, which needs reflection under AOT.
    private static JsonArray With(JsonArray? current, JsonNode added) =>
        new([.. (current ?? []).Select(node => node?.DeepClone()), added.DeepClone()]);

    private static JsonArray Without(JsonArray current, Func<JsonNode?, bool> removed) =>
        new([.. current.Where(node => !removed(node)).Select(node => node?.DeepClone())]);

    private static JsonObject Parse(StateEntry entry) =>
        JsonNode.Parse(entry.Value.Span) as JsonObject
            ?? throw new InvalidDataException($"State key '{entry.Key}' does not hold a planned object; delete the key to reset it.");

    private sealed record IndexEntry(string ApiVersion, string Kind, string Name)
    {
        public static IndexEntry Of(ResourceRef resource) => new(resource.ApiVersion, resource.Kind, resource.Name);

        public static IndexEntry? Read(JsonNode? node) =>
            node is JsonArray { Count: 3 } parts
                && parts[0]?.GetValueKind() == JsonValueKind.String
                && parts[1]?.GetValueKind() == JsonValueKind.String
                && parts[2]?.GetValueKind() == JsonValueKind.String
                ? new IndexEntry(parts[0]!.GetValue<string>(), parts[1]!.GetValue<string>(), parts[2]!.GetValue<string>())
                : null;

        public ResourceRef In(string? namespaceName) => new(ApiVersion, Kind, namespaceName, Name);

        public JsonArray ToNode() => new(JsonValue.Create(ApiVersion), JsonValue.Create(Kind), JsonValue.Create(Name));
    }
}
