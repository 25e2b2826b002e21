using System.Text.Json.Nodes;

namespace Kabin.Reliability.Tests.Support;

/// <summary>Fixtures in <c>testdata/</c>, and a kubeconfig pointing at an API-server double.</summary>
public static class TestFiles
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "testdata", name);

    public static JsonObject Json(string name) => JsonNode.Parse(File.ReadAllText(Path(name)))!.AsObject();

    /// <summary>Writes a kubeconfig for <paramref name="server"/> to a temporary file and returns its path.</summary>
    public static string Kubeconfig(Uri server)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"kabin-reliability-kubeconfig-{Guid.NewGuid():N}.yaml");
        var text = File.ReadAllText(Path("kubeconfig.yaml")).Replace("{{server}}", server.ToString().TrimEnd('/'), StringComparison.Ordinal);
        File.WriteAllText(path, text);
        return path;
    }
}
