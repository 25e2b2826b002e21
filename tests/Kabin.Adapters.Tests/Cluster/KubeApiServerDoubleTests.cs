using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Kabin.LocalCluster;

namespace Kabin.Adapters.Tests.Cluster;

/// <summary>The double itself behaves as the API server does where Kabin's tests rely on it.</summary>
public sealed class KubeApiServerDoubleTests : IAsyncLifetime, IDisposable
{
    private const string PodPath = "api/v1/namespaces/tenant-a/pods/sbx-1";
    private KubeApiServerDouble _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _server = await KubeApiServerDouble.StartAsync();
        _server.SeedFile(Path.Combine(AppContext.BaseDirectory, "testdata", "cluster", "namespaces.json"));
        _http = new HttpClient { BaseAddress = _server.BaseAddress };
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task Apply_without_a_field_manager_is_a_bad_request_status()
    {
        var response = await ApplyAsync(Pod(), "force=true");

        await AssertStatusAsync(response, HttpStatusCode.BadRequest, "BadRequest");
    }

    [Fact]
    public async Task Apply_without_force_conflicts_on_a_field_another_manager_owns()
    {
        (await ApplyAsync(Pod(), "fieldManager=kubectl")).EnsureSuccessStatusCode();
        var changed = Pod();
        changed["spec"]!["runtimeClassName"] = "runc";

        var refused = await ApplyAsync(changed, "fieldManager=kabin");
        var forced = await ApplyAsync(changed, "fieldManager=kabin&force=true");

        await AssertStatusAsync(refused, HttpStatusCode.Conflict, "Conflict");
        Assert.Equal(HttpStatusCode.OK, forced.StatusCode);
        Assert.Equal("runc", _server.Find("v1", "Pod", "tenant-a", "sbx-1")!["spec"]!["runtimeClassName"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_field_its_manager_stops_applying_is_removed_and_generation_counts_spec_changes()
    {
        var created = await ReadAsync(await ApplyAsync(Pod(), "fieldManager=kabin"));
        var relabelled = Pod();
        relabelled["metadata"]!["labels"]!.AsObject().Remove("kabin.dev/tenant");
        relabelled["spec"]!["runtimeClassName"] = "kata-clh";

        var changed = await ReadAsync(await ApplyAsync(relabelled, "fieldManager=kabin"));

        Assert.Null(changed["metadata"]!["labels"]!["kabin.dev/tenant"]);
        Assert.Equal(("1", "2"), (created["metadata"]!["generation"]!.ToJsonString(), changed["metadata"]!["generation"]!.ToJsonString()));
        Assert.True(long.Parse(ResourceVersion(changed)) > long.Parse(ResourceVersion(created)));
    }

    [Fact]
    public async Task Create_answers_201_then_409_already_exists()
    {
        var first = await _http.PostAsJsonAsync("api/v1/namespaces/tenant-a/pods", Pod());
        var second = await _http.PostAsJsonAsync("api/v1/namespaces/tenant-a/pods", Pod());

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        await AssertStatusAsync(second, HttpStatusCode.Conflict, "AlreadyExists");
    }

    [Theory]
    [InlineData("api/v1/namespaces/tenant-a/deployments/x")]
    [InlineData("api/v1/namespaces/tenant-a/pods/sbx-1/log")]
    [InlineData("healthz/anything")]
    public async Task Unknown_paths_are_404_statuses(string path)
    {
        var response = await _http.GetAsync(new Uri(path, UriKind.Relative));

        await AssertStatusAsync(response, HttpStatusCode.NotFound, "NotFound");
    }

    [Fact]
    public async Task A_body_named_differently_from_the_url_is_invalid()
    {
        var response = await ApplyAsync(Pod(), "fieldManager=kabin", "api/v1/namespaces/tenant-a/pods/other");

        await AssertStatusAsync(response, (HttpStatusCode)422, "Invalid");
    }

    [Fact]
    public async Task Status_comes_from_the_controller_not_from_an_apply()
    {
        var pod = Pod();
        pod["status"] = new JsonObject { ["phase"] = "Succeeded" };
        (await ApplyAsync(pod, "fieldManager=kabin")).EnsureSuccessStatusCode();
        var before = _server.Find("v1", "Pod", "tenant-a", "sbx-1")!;

        Assert.True(_server.SetPodStatus("tenant-a", "sbx-1", new JsonObject { ["phase"] = "Running" }));

        var after = _server.Find("v1", "Pod", "tenant-a", "sbx-1")!;
        Assert.Equal("Pending", before["status"]!["phase"]!.GetValue<string>());
        Assert.Equal("Running", after["status"]!["phase"]!.GetValue<string>());
        Assert.NotEqual(ResourceVersion(before), ResourceVersion(after));
    }

    private static async Task<JsonObject> ReadAsync(HttpResponseMessage response)
    {
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static string ResourceVersion(JsonObject body) => body["metadata"]!["resourceVersion"]!.GetValue<string>();

    private static JsonObject Pod() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "testdata", "cluster", "sandbox-pod.json")))!.AsObject();

    private async Task<HttpResponseMessage> ApplyAsync(JsonObject body, string query, string path = PodPath)
    {
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/apply-patch+yaml");
        return await _http.PatchAsync(new Uri($"{path}?{query}", UriKind.Relative), content);
    }

    private static async Task AssertStatusAsync(HttpResponseMessage response, HttpStatusCode code, string reason)
    {
        var status = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(code, response.StatusCode);
        Assert.Equal(("Status", reason, (int)code), (status["kind"]!.GetValue<string>(), status["reason"]!.GetValue<string>(), status["code"]!.GetValue<int>()));
    }
}
