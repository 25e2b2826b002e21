namespace Kabin.Adapters.Kubernetes;

/// <summary>Where the API server serves one kind: group, version, plural and whether objects live in a namespace.</summary>
internal sealed record KubernetesResource(string Group, string Version, string Plural, bool Namespaced)
{
    /// <summary>The collection path, across all namespaces when <paramref name="namespaceName"/> is null.</summary>
    public string CollectionPath(string? namespaceName)
    {
        var root = Group.Length == 0 ? $"api/{Version}" : $"apis/{Group}/{Version}";
        return namespaceName is null
            ? $"{root}/{Plural}"
            : $"{root}/namespaces/{Uri.EscapeDataString(namespaceName)}/{Plural}";
    }

    /// <summary>The path of one object.</summary>
    public string ObjectPath(string? namespaceName, string name) =>
        $"{CollectionPath(namespaceName)}/{Uri.EscapeDataString(name)}";
}
