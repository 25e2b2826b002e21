using System.Text.Json.Nodes;

namespace Kabin.Manifests.Tests.Support;

/// <summary>One source: the types it emits, the target it stamps, and where it sinks.</summary>
public sealed record SourceRoute(Manifest Manifest, IReadOnlyList<string> Types, string? Target, string Sink)
{
    /// <summary>The types an ApiServerSource emits in mode Resource when it has no filters.</summary>
    public static readonly IReadOnlyList<string> ApiServerTypes =
        ["dev.knative.apiserver.resource.add", "dev.knative.apiserver.resource.update", "dev.knative.apiserver.resource.delete"];

    public const string PingType = "dev.knative.sources.ping";

    public static SourceRoute From(Manifest manifest)
    {
        var spec = manifest.Body["spec"]!;
        IReadOnlyList<string> types = manifest.Kind == "PingSource"
            ? [PingType]
            : Filtered(spec["filters"] as JsonArray) is { Count: > 0 } filtered ? filtered : ApiServerTypes;
        var sink = spec["sink"]?["ref"];
        return new SourceRoute(
            manifest,
            types,
            spec["ceOverrides"]?["extensions"]?[Routing.TargetExtension]?.GetValue<string>(),
            $"{sink?["kind"]}/{sink?["name"]}");
    }

    private static List<string> Filtered(JsonArray? filters) =>
        [.. Routing.ExactFilters(filters, "any").Where(filter => filter.Attribute == "type").Select(filter => filter.Value)];
}
