using System.Text.Json.Nodes;

namespace Kabin.Reliability.Tests.Support;

/// <summary>Fixtures in <c>testdata/</c>.</summary>
public static class TestFiles
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "testdata", name);

    public static JsonObject Json(string name) => JsonNode.Parse(File.ReadAllText(Path(name)))!.AsObject();
}
