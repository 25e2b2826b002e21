using System.Text.Json.Nodes;

namespace Kabin.TestDoubles.Kubernetes;

/// <summary>The resources the double serves, read from <c>testdata/kubernetes/api-resources.json</c>.</summary>
public sealed class ApiResourceCatalog
{
    private readonly ApiResource[] _resources;

    private ApiResourceCatalog(ApiResource[] resources) => _resources = resources;

    public static ApiResourceCatalog Default { get; } = Load();

    public IReadOnlyList<ApiResource> Resources => _resources;

    public ApiResource? ByPath(string group, string version, string plural) =>
        _resources.FirstOrDefault(r => r.Group == group && r.Version == version && r.Plural == plural);

    public ApiResource ByKind(string apiVersion, string kind) =>
        _resources.FirstOrDefault(r => r.ApiVersion == apiVersion && r.Kind == kind)
        ?? throw new ArgumentException($"The API-server double does not serve {apiVersion} {kind}; add it to testdata/kubernetes/api-resources.json.");

    private static ApiResourceCatalog Load()
    {
        using var stream = typeof(ApiResourceCatalog).Assembly.GetManifestResourceStream("kubernetes/api-resources.json")
            ?? throw new InvalidOperationException("The embedded resource kubernetes/api-resources.json is missing.");
        var rows = JsonNode.Parse(stream)!.AsArray();
        return new ApiResourceCatalog([.. rows.Select(row => new ApiResource(
            (string)row!["group"]!,
            (string)row["version"]!,
            (string)row["kind"]!,
            (string)row["plural"]!,
            (bool)row["namespaced"]!,
            (string)row["names"]!))]);
    }
}
