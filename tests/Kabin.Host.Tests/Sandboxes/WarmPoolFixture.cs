using System.Text.Json.Nodes;
using Kabin.Host.Tests.Support;
using Kabin.LocalCluster;

namespace Kabin.Host.Tests.Sandboxes;

/// <summary>
/// The real host in apply mode against a local cluster whose kubelet boots kata-qemu pods after
/// 700 ms, with its ApiServerSource posting pod events to the host. Each test makes its own tenant.
/// </summary>
public class WarmPoolFixture : IAsyncLifetime
{
    /// <summary>Whether agent-sandbox's controllers run in the local cluster and the host uses them as its sandbox backend.</summary>
    protected virtual bool AgentSandbox => false;

    public static readonly TimeSpan BootDelay = TimeSpan.FromMilliseconds(700);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "kabin-warm-pools", Guid.NewGuid().ToString("N"));
    private int _ticks;

    public KubeApiServerDouble Cluster { get; private set; } = null!;

    public RunningHost Host { get; private set; } = null!;

    public HttpClient Client => Host.Client;

    public virtual async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        Cluster = await KubeApiServerDouble.StartAsync(new LocalClusterOptions
        {
            Kubelet = true,
            AgentSandbox = AgentSandbox,
            BootDelays = new Dictionary<string, TimeSpan> { ["kata-qemu"] = BootDelay },
        });
        var kubeconfig = Cluster.WriteKubeconfig(Path.Combine(_folder, "kubeconfig"));
        Host = await RunningHost.StartAsync("--Kabin:Cluster:Mode=apply", $"--Kabin:Cluster:Kubeconfig={kubeconfig}",
            $"--Kabin:Sandboxes:Backend={(AgentSandbox ? "agent-sandbox" : "pods")}");
        Host.Client.Timeout = TimeSpan.FromSeconds(60);
        Cluster.StartApiServerSource(Host.BaseAddress);
    }

    /// <summary>A tenant with the given pools, large enough in quota for 20 members and some sandboxes.</summary>
    public async Task<HttpResponseMessage> PutTenantAsync(string tenant, JsonArray pools, string cpu = "64", string memory = "64Gi") =>
        await Client.PutAsync($"/tenants/{tenant}", Api.Api.Json(new JsonObject
        {
            ["runtimeClasses"] = new JsonArray("kata-qemu"),
            ["defaultRuntimeClass"] = "kata-qemu",
            ["registries"] = new JsonArray("ghcr.io/acme/"),
            ["quota"] = new JsonObject { ["cpu"] = cpu, ["memory"] = memory, ["pods"] = 60 },
            ["sandboxes"] = new JsonObject { ["max"] = 30, ["maxCpu"] = "2", ["maxMemory"] = "2Gi" },
            ["warmPools"] = pools,
        }));

    public static JsonObject Pool(string name, int replicas, string image = "ghcr.io/acme/py:3", string? strategy = null)
    {
        var pool = new JsonObject { ["name"] = name, ["runtimeClass"] = "kata-qemu", ["cpu"] = "500m", ["memory"] = "512Mi", ["image"] = image, ["replicas"] = replicas };
        if (strategy is not null)
        {
            pool["updateStrategy"] = strategy;
        }

        return pool;
    }

    /// <summary>A reaper tick, as the PingSource sends it each minute.</summary>
    public async Task TickAsync()
    {
        var tick = Kabin.TestDoubles.HttpCases.EventMessages.Event("dev.knative.sources.ping", subject: null, data: "{}");
        tick.Id = $"tick-{Interlocked.Increment(ref _ticks)}-{Guid.NewGuid():N}";
        using var response = await Client.SendAsync(Kabin.TestDoubles.HttpCases.EventMessages.Post(Kabin.TestDoubles.HttpCases.ContentMode.Binary, tick));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The unclaimed members of a tenant's pool, as the cluster has them.</summary>
    public async Task<IReadOnlyList<JsonObject>> MembersAsync(string tenant, string pool)
    {
        using var cluster = new HttpClient { BaseAddress = Cluster.BaseAddress };
        var list = JsonNode.Parse(await cluster.GetStringAsync($"api/v1/namespaces/tenant-{tenant}/pods?labelSelector=kabin.dev/pool={pool}"))!;
        return [.. list["items"]!.AsArray().OfType<JsonObject>().Where(pod => pod["metadata"]?["deletionTimestamp"] is null)];
    }

    /// <summary>Waits until <paramref name="count"/> members of the pool are Running.</summary>
    public async Task<IReadOnlyList<JsonObject>> RunningMembersAsync(string tenant, string pool, int count)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var running = (await MembersAsync(tenant, pool)).Where(pod => pod["status"]?["phase"]?.ToString() == "Running").ToList();
            if (running.Count >= count)
            {
                return running;
            }

            await Task.Delay(50, deadline.Token);
        }
    }

    public async Task<(int Status, JsonObject Body)> RequestAsync(string tenant, JsonObject request)
    {
        using var response = await Client.PostAsync($"/tenants/{tenant}/sandboxes", Api.Api.Json(request));
        return ((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    public virtual async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Cluster.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
