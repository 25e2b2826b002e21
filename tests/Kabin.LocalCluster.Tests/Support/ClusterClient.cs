using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Kabin.LocalCluster.Tests.Support;

/// <summary>An in-process local cluster and a plain HTTP client on it, for the API-semantics tests.</summary>
public sealed class ClusterClient : IAsyncDisposable
{
    private ClusterClient(KubeApiServerDouble server)
    {
        Server = server;
        Http = new HttpClient { BaseAddress = server.BaseAddress };
    }

    public KubeApiServerDouble Server { get; }

    public HttpClient Http { get; }

    public static async Task<ClusterClient> StartAsync(LocalClusterOptions? options = null)
    {
        var client = new ClusterClient(await KubeApiServerDouble.StartAsync(options ?? new LocalClusterOptions()));
        return client;
    }

    public async Task<JsonObject> CreateNamespaceAsync(string name) =>
        await SucceedAsync(await Http.PostAsJsonAsync("api/v1/namespaces", new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = name } }));

    public Task<HttpResponseMessage> CreateAsync(string path, JsonObject body) => Http.PostAsJsonAsync(path, body);

    public async Task<HttpResponseMessage> PatchAsync(string path, string contentType, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return await Http.PatchAsync(path, content);
    }

    public static JsonObject Pod(string namespaceName, string name, JsonObject? labels = null, JsonArray? ownerReferences = null)
    {
        var metadata = new JsonObject { ["name"] = name, ["namespace"] = namespaceName, ["labels"] = labels ?? new JsonObject { ["app"] = "test" } };
        if (ownerReferences is not null)
        {
            metadata["ownerReferences"] = ownerReferences;
        }

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = metadata,
            ["spec"] = new JsonObject { ["runtimeClassName"] = "kata-qemu", ["containers"] = new JsonArray(new JsonObject { ["name"] = "sandbox", ["image"] = "ghcr.io/acme/runner:1" }) },
        };
    }

    public static async Task<JsonObject> SucceedAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public static async Task<JsonObject> StatusAsync(HttpResponseMessage response, int code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == code, $"expected {code}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }
}
