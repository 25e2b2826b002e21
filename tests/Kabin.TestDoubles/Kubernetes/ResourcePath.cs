namespace Kabin.TestDoubles.Kubernetes;

/// <summary>
/// A parsed REST path: <c>/api/v1[/namespaces/{ns}]/{plural}[/{name}]</c> or the same under
/// <c>/apis/{group}/{version}</c>. Subresources and anything else do not parse (404).
/// </summary>
public sealed record ResourcePath(ApiResource Resource, string? Namespace, string? Name)
{
    public static ResourcePath? Parse(string path, ApiResourceCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(catalog);
        var segments = path.Trim('/').Split('/').Select(Uri.UnescapeDataString).ToArray();
        int rest;
        string group;
        if (segments is ["api", _, ..])
        {
            (group, rest) = (string.Empty, 2);
        }
        else if (segments is ["apis", _, _, ..])
        {
            (group, rest) = (segments[1], 3);
        }
        else
        {
            return null;
        }

        var version = segments[rest - 1];
        var tail = segments[rest..];
        string? namespaceName = null;
        if (tail.Length >= 3 && tail[0] == "namespaces")
        {
            (namespaceName, tail) = (tail[1], tail[2..]);
        }

        if (tail.Length is 0 or > 2 || catalog.ByPath(group, version, tail[0]) is not { } resource)
        {
            return null;
        }

        if (namespaceName is not null && !resource.Namespaced)
        {
            return null;
        }

        return new ResourcePath(resource, namespaceName, tail.Length == 2 ? tail[1] : null);
    }
}
