using System.Text.Json.Nodes;

namespace Kabin.LocalCluster;

/// <summary>The resources the double serves, read from the embedded <c>Resources/api-resources.json</c>.</summary>
public sealed class ApiResourceCatalog
{
    private readonly ApiResource[] _resources;

    private ApiResourceCatalog(ApiResource[] resources) => _resources = resources;

    public static ApiResourceCatalog Default { get; } = Load();

    public IReadOnlyList<ApiResource> Resources => _resources;

    /// <summary>The group versions in discovery order (the core group first), each with its resources.</summary>
    public IEnumerable<IGrouping<(string Group, string Version), ApiResource>> GroupVersions =>
        _resources.GroupBy(r => (r.Group, r.Version));

    public ApiResource? ByPath(string group, string version, string plural) =>
        _resources.FirstOrDefault(r => r.Group == group && r.Version == version && r.Plural == plural);

    public ApiResource? FindKind(string apiVersion, string kind) =>
        _resources.FirstOrDefault(r => r.ApiVersion == apiVersion && r.Kind == kind);

    public ApiResource ByKind(string apiVersion, string kind) =>
        FindKind(apiVersion, kind)
        ?? throw new ArgumentException($"The local cluster does not serve {apiVersion} {kind}; add it to Resources/api-resources.json.");

    private static ApiResourceCatalog Load()
    {
        using var stream = typeof(ApiResourceCatalog).Assembly.GetManifestResourceStream("api-resources.json")
            ?? throw new InvalidOperationException("The embedded resource api-resources.json is missing.");
        static string[] Strings(JsonNode? node) => [.. (node as JsonArray ?? []).Select(n => (string)n!)];
        var rows = JsonNode.Parse(stream)!.AsArray();
        return new ApiResourceCatalog([.. rows.Select(row => new ApiResource(
            (string)row!["group"]!,
            (string)row["version"]!,
            (string)row["kind"]!,
            (string)row["plural"]!,
            (bool)row["namespaced"]!,
            (string)row["names"]!,
            Strings(row["shortNames"]),
            Strings(row["categories"]),
            Strings(row["subresources"]),
            Strings(row["verbs"])))]);
    }
}
