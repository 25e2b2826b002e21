using System.Text.Json;
using System.Text.Json.Nodes;
using CloudNative.CloudEvents;
using Kabin.Host.Tests.Support;

namespace Kabin.Host.Tests.Api;

/// <summary>
/// The same input through the API on one host and as CloudEvents on another gives the same
/// objects, verdicts and sandbox state: both paths run the very same handlers.
/// </summary>
public sealed class ApiParityTests : IAsyncLifetime
{
    private RunningHost _api = null!;
    private RunningHost _events = null!;

    public async Task InitializeAsync()
    {
        _api = await RunningHost.StartAsync();
        _events = await RunningHost.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _events.DisposeAsync();
    }

    [Fact]
    public async Task Tenant_policy_and_sandbox_give_identical_results_on_both_paths()
    {
        var spec = Api.TenantSpec();
        using var put = await _api.Client.PutAsync("/tenants/acme", Api.Json(spec));
        spec["name"] = "acme";
        var provisioned = await SendAsync("dev.kabin.tenant.created", spec);
        var viaApi = await Api.BodyAsync(put);
        var planned = Data(provisioned)["objects"]!.AsArray();
        Assert.Equal(Stable(planned), Stable(viaApi["objects"]!.AsArray()));
        Assert.Equal(Stable(await ReadAsync(_events, "/tenants/acme")), Stable(viaApi));

        var deployment = await File.ReadAllTextAsync(Api.Walkthrough("deployment-bad.yaml"));
        using var check = await _api.Client.PostAsync("/policy/check", Api.Yaml(deployment));
        var report = await Api.BodyAsync(check);
        var documents = Kabin.Adapters.HttpApi.Yaml.YamlJsonReader.ReadDocuments(deployment, new(10, 10_000, 64));
        Assert.Equal(documents.Count, report["documents"]!.AsArray().Count);
        for (var index = 0; index < documents.Count; index++)
        {
            var verdict = await SendAsync("dev.kabin.policy.check.requested", new JsonObject { ["object"] = documents[index].DeepClone() });
            Assert.Equal(Data(verdict).ToJsonString(), report["documents"]![index]!["result"]!.ToJsonString());
        }

        var request = JsonNode.Parse(await File.ReadAllTextAsync(Api.Walkthrough("sandbox.json")))!.AsObject();
        using var created = await _api.Client.PostAsync("/tenants/acme/sandboxes", Api.Json(request));
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        var pod = JsonNode.Parse(await File.ReadAllTextAsync(Api.Walkthrough("pod-running.json")))!;
        request["tenant"] = "acme";
        await SendAsync("dev.kabin.sandbox.requested", request);
        await SendAsync("dev.knative.apiserver.resource.update", pod, _api);
        await SendAsync("dev.knative.apiserver.resource.update", pod);
        Assert.Equal(
            Stable(await ReadAsync(_events, "/tenants/acme/sandboxes/build-1")),
            Stable(await ReadAsync(_api, "/tenants/acme/sandboxes/build-1")));
    }

    private async Task<CloudEvent> SendAsync(string type, JsonNode data, RunningHost? host = null)
    {
        var cloudEvent = EventMessages.Event(type, subject: null, data: data.ToJsonString());
        using var response = await (host ?? _events).Client.SendAsync(EventMessages.Post(Kabin.TestDoubles.HttpCases.ContentMode.Binary, cloudEvent));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await EventMessages.ReadReplyAsync(response);
    }

    private static async Task<JsonObject> ReadAsync(RunningHost host, string path)
    {
        using var response = await host.Client.GetAsync(path);
        return await Api.BodyAsync(response);
    }

    private static JsonNode Data(CloudEvent reply) => JsonNode.Parse(((JsonElement)reply.Data!).GetRawText())!;

    /// <summary>The JSON without what differs by instance and clock: ids, times, resource versions.</summary>
    private static string Stable(JsonNode node)
    {
        var copy = node.DeepClone();
        Strip(copy);
        return copy.ToJsonString();
    }

    private static void Strip(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(pair => pair.Key).ToArray())
                {
                    if (key is "uid" or "creationTimestamp" or "resourceVersion" or "updatedAt" or "createdAt" or "expiresAt" or "at"
                        or "requestId" or "kabin.dev/expires-at" or "activeDeadlineSeconds")
                    {
                        obj.Remove(key);
                    }
                    else
                    {
                        Strip(obj[key]);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Strip(item);
                }

                break;
        }
    }
}
