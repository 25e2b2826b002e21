using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Kabin.Host.Tests.Api;

/// <summary>Requests and answers of the plain HTTP API, as a client sends and reads them.</summary>
internal static class Api
{
    public static HttpContent Json(JsonNode body) => new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");

    public static HttpContent Yaml(string text) => new StringContent(text, Encoding.UTF8, "application/yaml");

    public static HttpContent File(string path, string contentType)
    {
        var content = new ByteArrayContent(System.IO.File.ReadAllBytes(path));
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return content;
    }

    public static async Task<JsonObject> BodyAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    /// <summary>The walkthrough's files under docs/walkthrough, found from the test's output folder upwards.</summary>
    public static string Walkthrough(string file) => Path.Combine(RepositoryRoot(), "docs", "walkthrough", file);

    public static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(folder.FullName, "Functions.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("No Functions.sln above the test output folder.");
    }

    public static JsonObject TenantSpec() => JsonNode.Parse(System.IO.File.ReadAllText(Walkthrough("tenant.json")))!.AsObject();

    public static async Task<HttpResponseMessage> PutTenantAsync(HttpClient client, string name) =>
        await client.PutAsync($"/tenants/{name}", Json(TenantSpec()));
}
