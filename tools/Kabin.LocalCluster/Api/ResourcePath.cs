namespace Kabin.LocalCluster;

/// <summary>
/// A parsed REST path: <c>/api/v1[/namespaces/{ns}]/{plural}[/{name}[/{subresource}]]</c> or the
/// same under <c>/apis/{group}/{version}</c>. Anything else does not parse (404).
/// </summary>
public sealed record ResourcePath(ApiResource Resource, string? Namespace, string? Name, string? Subresource = null)
{
    public static ResourcePath? Parse(string path, ApiResourceCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(catalog);
        var segments = path.Trim('/').Split('/').Select(Uri.UnescapeDataString).ToArray();
        int rest;
        string group;
        if (segments is ["api", _, _, ..])
        {
            (group, rest) = (string.Empty, 2);
        }
        else if (segments is ["apis", _, _, _, ..])
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
        if (tail.Length >= 3 && tail[0] == "namespaces" && catalog.ByPath(group, version, tail[2]) is { Namespaced: true })
        {
            (namespaceName, tail) = (tail[1], tail[2..]);
        }

        if (tail.Length is 0 or > 3 || catalog.ByPath(group, version, tail[0]) is not { } resource)
        {
            return null;
        }

        var subresource = tail.Length == 3 ? tail[2] : null;
        if (subresource is not null && !resource.Subresources.Contains(subresource))
        {
            return null;
        }

        return new ResourcePath(resource, namespaceName, tail.Length >= 2 ? tail[1] : null, subresource);
    }
}
