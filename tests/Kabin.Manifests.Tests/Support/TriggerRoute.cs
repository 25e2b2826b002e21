using System.Text.Json.Nodes;

namespace Kabin.Manifests.Tests.Support;

/// <summary>One Trigger: the types it lets through, the source target it requires (if any), and the service it calls.</summary>
public sealed record TriggerRoute(Manifest Manifest, string Broker, IReadOnlyList<string> Types, string? Target, string SubscriberKind, string Subscriber)
{
    public static TriggerRoute From(Manifest manifest)
    {
        var spec = manifest.Body["spec"]!;
        var exacts = Routing.ExactFilters(spec["filters"] as JsonArray).ToList();
        var subscriber = spec["subscriber"]?["ref"];
        return new TriggerRoute(
            manifest,
            spec["broker"]?.GetValue<string>() ?? "",
            [.. exacts.Where(filter => filter.Attribute == "type").Select(filter => filter.Value)],
            exacts.Where(filter => filter.Attribute == Routing.TargetExtension).Select(filter => filter.Value).SingleOrDefault(),
            $"{subscriber?["apiVersion"]}/{subscriber?["kind"]}",
            subscriber?["name"]?.GetValue<string>() ?? "");
    }
}
