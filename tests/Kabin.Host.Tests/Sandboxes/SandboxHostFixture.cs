using System.Text.Json.Nodes;
using CloudNative.CloudEvents;
using Kabin.Host.Tests.Support;
using Kabin.LocalCluster;
using Kabin.TestDoubles.Sink;

namespace Kabin.Host.Tests.Sandboxes;

/// <summary>
/// The real host on loopback applying to the API-server double through a kubeconfig, with
/// <c>K_SINK</c> at a loopback receiver and tenant <c>acme</c> provisioned by its own event.
/// </summary>
public class SandboxHostFixture : IAsyncLifetime
{
    private readonly string _kubeconfig = Path.Combine(Path.GetTempPath(), $"kabin-sandbox-kubeconfig-{Guid.NewGuid():N}.yaml");

    public KubeApiServerDouble Server { get; private set; } = null!;

    public SinkReceiver Sink { get; private set; } = null!;

    public RunningHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await KubeApiServerDouble.StartAsync();
        Sink = await SinkReceiver.StartAsync();
        Server.WriteKubeconfig(_kubeconfig);
        Host = await RunningHost.StartAsync([$"--Kabin:Cluster:Kubeconfig={_kubeconfig}", $"--K_SINK={Sink.Url}", .. ExtraHostArgs]);
        var provisioned = await SendAsync("dev.kabin.tenant.created", JsonNode.Parse(await File.ReadAllTextAsync(TestData("acme.spec.json")))!);
        Assert.Equal("dev.kabin.tenant.provisioned", provisioned?.Type);
    }

    /// <summary>More host arguments, for fixtures that derive from this one.</summary>
    protected virtual IEnumerable<string> ExtraHostArgs => [];

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Sink.DisposeAsync();
        await Server.DisposeAsync();
        File.Delete(_kubeconfig);
    }

    /// <summary>Posts one event in binary mode; the reply, or null when the host answered without one.</summary>
    public async Task<CloudEvent?> SendAsync(string type, JsonNode data)
    {
        var cloudEvent = EventMessages.Event(type, subject: null, data: data.ToJsonString());
        using var response = await Host.Client.SendAsync(EventMessages.Post(Kabin.TestDoubles.HttpCases.ContentMode.Binary, cloudEvent));
        Assert.True(response.IsSuccessStatusCode, $"{type} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return response.Headers.Contains("ce-type") ? await EventMessages.ReadReplyAsync(response) : null;
    }

    public JsonObject? Pod(string name) => Server.Find("v1", "Pod", "tenant-acme", "sbx-" + name);

    /// <summary>Moves the pod as the kubelet would and posts the update ApiServerSource would send.</summary>
    public Task<CloudEvent?> KubeletSetsAsync(string name, JsonObject status)
    {
        Assert.True(Server.SetPodStatus("tenant-acme", "sbx-" + name, status));
        return SendAsync("dev.knative.apiserver.resource.update", Pod(name)!);
    }

    public static JsonObject Request(string name, int ttlSeconds = 3600, string image = "ghcr.io/acme/runner:1") => new()
    {
        ["tenant"] = "acme", ["name"] = name, ["image"] = image, ["ttlSeconds"] = ttlSeconds,
        ["command"] = new JsonArray("sh", "-c", "make test"),
    };

    public static JsonObject Stop(string name) => new() { ["tenant"] = "acme", ["name"] = name };

    public static System.Text.Json.JsonElement Data(CloudEvent reply) => (System.Text.Json.JsonElement)reply.Data!;

    private static string TestData(string file) => Path.Combine(AppContext.BaseDirectory, "testdata", "sandboxes", file);
}
