using System.Text.Json.Nodes;
using Kabin.Host.Tests.Support;
using Kabin.LocalCluster;
using Kabin.TestDoubles.Sink;

namespace Kabin.Host.Tests.Sandboxes;

/// <summary>
/// The real host in apply mode against a local cluster that runs pods and exec'd commands as real
/// processes (<c>--exec</c>), with its simulated kubelet and ApiServerSource posting to the host;
/// tenant <c>acme</c> created over the JSON API and sandbox <c>work</c> Running.
/// </summary>
public sealed class SandboxWorkFixture : IAsyncLifetime
{
    public const long MaxFileBytes = 16L * 1024 * 1024;
    public const int MaxConcurrent = 2;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "kabin-sandbox-work", Guid.NewGuid().ToString("N"));

    public KubeApiServerDouble Cluster { get; private set; } = null!;

    public RunningHost Host { get; private set; } = null!;

    /// <summary>K_SINK: where the events the host publishes beyond its replies (the next command to run) arrive.</summary>
    public SinkReceiver Sink { get; private set; } = null!;

    public string Kubeconfig => Path.Combine(_folder, "kubeconfig");

    public HttpClient Client => Host.Client;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        Cluster = await KubeApiServerDouble.StartAsync(new LocalClusterOptions { Exec = true, Kubelet = true, Tls = true, Secure = true });
        Cluster.WriteKubeconfig(Kubeconfig);
        Sink = await SinkReceiver.StartAsync();
        Host = await RunningHost.StartAsync(
            "--Kabin:Cluster:Mode=apply", $"--Kabin:Cluster:Kubeconfig={Kubeconfig}", $"--K_SINK={Sink.Url}",
            $"--Kabin:Sandboxes:Work:MaxFileBytes={MaxFileBytes}", $"--Kabin:Sandboxes:Work:MaxConcurrentPerSandbox={MaxConcurrent}");
        Host.Client.Timeout = TimeSpan.FromSeconds(90);
        Cluster.StartApiServerSource(Host.BaseAddress);
        var spec = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "testdata", "sandboxes", "acme.spec.json"));
        using var tenant = await Client.PutAsync("/tenants/acme", Kabin.Host.Tests.Api.Api.Json(JsonNode.Parse(spec)!));
        Assert.True(tenant.IsSuccessStatusCode, await tenant.Content.ReadAsStringAsync());
        await RunningSandboxAsync("work");
    }

    /// <summary>Requests a sandbox without a command of its own (its pod just runs) and waits until it is Running.</summary>
    public async Task RunningSandboxAsync(string name, JsonArray? commands = null)
    {
        var request = new JsonObject { ["name"] = name, ["image"] = "ghcr.io/acme/runner:1" };
        if (commands is not null)
        {
            request["commands"] = commands;
        }

        using var created = await Client.PostAsync("/tenants/acme/sandboxes", Kabin.Host.Tests.Api.Api.Json(request));
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await StateAsync(name) != "Running")
        {
            await Task.Delay(50, deadline.Token);
        }
    }

    public async Task<string?> StateAsync(string name) =>
        JsonNode.Parse(await Client.GetStringAsync($"/tenants/acme/sandboxes/{name}"))!["state"]?.GetValue<string>();

    /// <summary>Runs a command over the API and returns the status with the answer's JSON.</summary>
    public async Task<(int Status, JsonObject Body)> RunAsync(string sandbox, JsonObject command)
    {
        // Expect: 100-continue, as a client sending a large body should: a body over the host's limit is
        // refused with 413 before it is sent. Without it the host answers mid-upload and closes, and the
        // client may see a broken pipe instead of the answer (the race this test once lost).
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/tenants/acme/sandboxes/{sandbox}/commands")
        {
            Content = Kabin.Host.Tests.Api.Api.Json(command),
        };
        request.Headers.ExpectContinue = true;
        using var response = await Client.SendAsync(request);
        return ((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Sink.DisposeAsync();
        await Cluster.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
