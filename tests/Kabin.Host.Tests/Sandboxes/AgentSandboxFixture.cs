using System.Text.Json.Nodes;

namespace Kabin.Host.Tests.Sandboxes;

/// <summary>
/// The warm-pool world with agent-sandbox's controllers running in the local cluster and the host
/// configured with <c>Kabin:Sandboxes:Backend=agent-sandbox</c>.
/// </summary>
public sealed class AgentSandboxFixture : WarmPoolFixture
{
    public const string Core = "agents.x-k8s.io/v1beta1";
    public const string Extensions = "extensions.agents.x-k8s.io/v1beta1";

    protected override bool AgentSandbox => true;

    /// <summary>The Sandboxes in a tenant's namespace, as the cluster has them.</summary>
    public async Task<IReadOnlyList<JsonObject>> SandboxesAsync(string tenant, string? labelSelector = null)
    {
        using var cluster = new HttpClient { BaseAddress = Cluster.BaseAddress };
        var query = labelSelector is null ? "" : $"?labelSelector={Uri.EscapeDataString(labelSelector)}";
        var list = JsonNode.Parse(await cluster.GetStringAsync($"apis/agents.x-k8s.io/v1beta1/namespaces/tenant-{tenant}/sandboxes{query}"))!;
        return [.. list["items"]!.AsArray().OfType<JsonObject>().Where(item => item["metadata"]?["deletionTimestamp"] is null)];
    }

    /// <summary>Waits until <paramref name="count"/> unclaimed Sandboxes of the tenant's pool are Ready.</summary>
    public async Task<IReadOnlyList<JsonObject>> ReadyMembersAsync(string tenant, string pool, int count)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var ready = (await SandboxesAsync(tenant, $"agents.x-k8s.io/warm-pool-sandbox=sbx-pool-{pool}")).Where(IsReady).ToList();
            if (ready.Count >= count)
            {
                return ready;
            }

            await Task.Delay(50, deadline.Token);
        }
    }

    /// <summary>Polls the sandbox through the API until <paramref name="done"/> holds; returns it and how long that took.</summary>
    public async Task<(JsonObject Sandbox, TimeSpan Took)> UntilAsync(string tenant, string name, Func<JsonObject, bool> done)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var sandbox = JsonNode.Parse(await Client.GetStringAsync($"/tenants/{tenant}/sandboxes/{name}", deadline.Token))!.AsObject();
            if (done(sandbox))
            {
                return (sandbox, started.Elapsed);
            }

            await Task.Delay(20, deadline.Token);
        }
    }

    public static bool IsReady(JsonObject sandbox) =>
        (sandbox["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>()
            .Any(c => c["type"]?.GetValue<string>() == "Ready" && c["status"]?.GetValue<string>() == "True") == true;
}
