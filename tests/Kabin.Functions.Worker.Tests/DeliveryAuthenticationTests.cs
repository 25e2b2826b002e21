using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Kabin.Functions.Worker.Tests.Doubles;
using Kabin.LocalCluster;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Kabin.Functions.Worker.Tests;

/// <summary>The worker verifies Knative's OIDC delivery tokens as the Knative host does, against the local cluster's issuer.</summary>
public sealed class DeliveryAuthenticationTests : IAsyncLifetime
{
    private const string Audience = "serving.knative.dev/service/kabin-system/kabin-sandbox";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "kabin-worker-oidc", Guid.NewGuid().ToString("N"));
    private KubeApiServerDouble _cluster = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        _cluster = await KubeApiServerDouble.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kabin:State:Sqlite:Path"] = Path.Combine(_folder, "state.db"),
            ["Kabin:Cluster:Mode"] = "apply",
            ["Kabin:Cluster:Kubeconfig"] = _cluster.WriteKubeconfig(Path.Combine(_folder, "kubeconfig")),
            ["Kabin:Http:Oidc:Audience"] = Audience,
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddKabinFunctionsWorker(configuration);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _cluster.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_delivery_without_the_issuers_token_for_this_audience_is_401_and_one_with_it_is_handled()
    {
        var token = await TokenAsync(Audience);
        var other = await TokenAsync("serving.knative.dev/service/kabin-system/kabin-tenant");

        var missing = await SandboxAsync(null);
        var wrongAudience = await SandboxAsync(other);
        var valid = await SandboxAsync(token);

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongAudience.StatusCode);
        Assert.Equal("Bearer", missing.Headers.WwwAuthenticate.ToString());
        Assert.NotEqual(HttpStatusCode.Unauthorized, valid.StatusCode);
    }

    private async Task<string> TokenAsync(string audience)
    {
        using var http = new HttpClient { BaseAddress = _cluster.BaseAddress };
        await http.PostAsync("api/v1/namespaces", Json(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = "knative-eventing" } }));
        await http.PostAsync("api/v1/namespaces/knative-eventing/serviceaccounts", Json(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ServiceAccount", ["metadata"] = new JsonObject { ["name"] = "broker" } }));
        using var issued = await http.PostAsync("api/v1/namespaces/knative-eventing/serviceaccounts/broker/token", Json(new JsonObject
        {
            ["apiVersion"] = "authentication.k8s.io/v1", ["kind"] = "TokenRequest", ["spec"] = new JsonObject { ["audiences"] = new JsonArray(audience) },
        }));
        return JsonNode.Parse(await issued.Content.ReadAsStringAsync())!["status"]!["token"]!.GetValue<string>();
    }

    private async Task<HttpResponseMessage> SandboxAsync(string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://worker/api/sandbox")
        {
            Content = new StringContent("""{"tenant":"acme","name":"box","image":"ghcr.io/acme/runner:1"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("ce-specversion", "1.0");
        request.Headers.Add("ce-id", Guid.NewGuid().ToString());
        request.Headers.Add("ce-source", "/broker");
        request.Headers.Add("ce-type", "dev.kabin.sandbox.requested");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var context = new TestFunctionContext(_services, "sandbox");
        HttpRequestData data = await TestHttpRequestData.FromAsync(context, request);
        var response = await ActivatorUtilities.CreateInstance<CloudEventFunctions>(_services).SandboxAsync(data, context);
        return Assert.IsType<TestHttpResponseData>(response).ToResponseMessage();
    }

    private static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");
}
