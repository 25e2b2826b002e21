using System.Text.Json.Nodes;

namespace Kabin.Manifests.Tests.Support;

/// <summary>The Triggers and sources of <c>eventing/</c>, read into what they route where.</summary>
public static class Routing
{
    /// <summary>The extension attribute each source stamps on its events and the Triggers filter on.</summary>
    public const string TargetExtension = "kabintarget";

    public static IReadOnlyList<TriggerRoute> Triggers() =>
        [.. ManifestSet.OfKind("eventing.knative.dev", "Trigger").Select(TriggerRoute.From)];

    public static IReadOnlyList<SourceRoute> Sources() =>
        [.. ManifestSet.All.Where(manifest => manifest.Group == "sources.knative.dev" && manifest.Kind is "ApiServerSource" or "PingSource").Select(SourceRoute.From)];

    /// <summary>The <c>exact</c> attribute filters of a filter list, whether bare or under <c>all</c>.</summary>
    public static IEnumerable<(string Attribute, string Value)> ExactFilters(JsonArray? filters, string group = "all")
    {
        foreach (var filter in filters ?? [])
        {
            var exacts = filter?[group] is JsonArray nested ? nested.Select(item => item?["exact"]) : [filter?["exact"]];
            foreach (var exact in exacts.OfType<JsonObject>())
            {
                foreach (var (attribute, value) in exact)
                {
                    yield return (attribute, value!.GetValue<string>());
                }
            }
        }
    }
}
