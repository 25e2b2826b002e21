using System.Text.Json.Nodes;

namespace Kabin.Cluster;

/// <summary>Names one Kubernetes object: <c>apiVersion</c>, <c>kind</c>, namespace (null when cluster-scoped) and name.</summary>
public sealed record ResourceRef(string ApiVersion, string Kind, string? Namespace, string Name)
{
    /// <summary>The reference of a manifest, read from its <c>apiVersion</c>, <c>kind</c> and <c>metadata</c>.</summary>
    public static ResourceRef Of(JsonObject manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var apiVersion = manifest["apiVersion"]?.GetValue<string>();
        var kind = manifest["kind"]?.GetValue<string>();
        var name = manifest["metadata"]?["name"]?.GetValue<string>();
        if (string.IsNullOrEmpty(apiVersion) || string.IsNullOrEmpty(kind) || string.IsNullOrEmpty(name))
        {
            throw new ArgumentException("A manifest needs apiVersion, kind and metadata.name.", nameof(manifest));
        }

        return new ResourceRef(apiVersion, kind, manifest["metadata"]?["namespace"]?.GetValue<string>(), name);
    }

    public override string ToString() => Namespace is null ? $"{Kind}/{Name}" : $"{Kind}/{Namespace}/{Name}";
}
