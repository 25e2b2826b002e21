using System.Text.Json.Nodes;

namespace Kabin.Manifests.Tests.Support;

/// <summary>One YAML document of <c>knative/</c> or <c>eventing/</c>, with where it came from.</summary>
public sealed record Manifest(string File, int Index, JsonObject Body)
{
    public string ApiVersion => Text("apiVersion");

    public string Kind => Text("kind");

    public string Name => Body["metadata"]?["name"]?.GetValue<string>() ?? "";

    public string Namespace => Body["metadata"]?["namespace"]?.GetValue<string>() ?? "";

    public string Group => ApiVersion.Contains('/', StringComparison.Ordinal) ? ApiVersion.Split('/')[0] : "";

    public bool Is(string group, string kind) => Group == group && Kind == kind;

    public string? Annotation(string key) => Body["metadata"]?["annotations"]?[key]?.GetValue<string>();

    public override string ToString() => $"{File}#{Index} {Kind}/{Name}";

    private string Text(string key) => Body[key]?.GetValue<string>() ?? "";
}
