using System.Text.Json.Nodes;
using Kabin.LocalCluster.Tests.Support;

namespace Kabin.LocalCluster.Tests;

/// <summary>Paged lists, field selectors and watches as the API server serves them.</summary>
public sealed class ListAndWatchTests : IAsyncLifetime
{
    private ClusterClient _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = await ClusterClient.StartAsync();
        await _cluster.CreateNamespaceAsync("paged");
        foreach (var name in new[] { "e", "a", "d", "b", "c" })
        {
            await ClusterClient.SucceedAsync(await _cluster.CreateAsync("api/v1/namespaces/paged/pods", ClusterClient.Pod("paged", name)));
        }
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Limit_and_continue_walk_every_item_once_in_name_order()
    {
        var names = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await ClusterClient.SucceedAsync(await _cluster.Http.GetAsync($"api/v1/namespaces/paged/pods?limit=2{(token is null ? "" : "&continue=" + Uri.EscapeDataString(token))}"));
            names.AddRange(page["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()));
            token = page["metadata"]!["continue"]?.GetValue<string>();
            Assert.True(token is null || (int)page["metadata"]!["remainingItemCount"]! > 0);
            pages++;
        }
        while (token is not null);

        Assert.Equal(["a", "b", "c", "d", "e"], names);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task A_continue_token_the_server_did_not_issue_is_a_400()
    {
        var status = await ClusterClient.StatusAsync(await _cluster.Http.GetAsync("api/v1/namespaces/paged/pods?limit=2&continue=bm90LWEtdG9rZW4"), 400);

        Assert.Equal("BadRequest", status["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Field_selectors_filter_by_name_and_phase_and_refuse_unknown_fields()
    {
        Assert.True(_cluster.Server.SetPodStatus("paged", "c", new JsonObject { ["phase"] = "Running" }));

        var byName = await ClusterClient.SucceedAsync(await _cluster.Http.GetAsync("api/v1/pods?fieldSelector=metadata.name%3Db"));
        var running = await ClusterClient.SucceedAsync(await _cluster.Http.GetAsync("api/v1/namespaces/paged/pods?fieldSelector=status.phase%3DRunning"));
        var unknown = await _cluster.Http.GetAsync("api/v1/namespaces/paged/pods?fieldSelector=spec.image%3Dx");

        Assert.Equal(["b"], byName["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()));
        Assert.Equal(["c"], running["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()));
        Assert.Contains("field label not supported: spec.image", (await ClusterClient.StatusAsync(unknown, 400))["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_watch_resumes_after_the_lists_resourceVersion()
    {
        var list = await ClusterClient.SucceedAsync(await _cluster.Http.GetAsync("api/v1/namespaces/paged/pods"));
        var version = list["metadata"]!["resourceVersion"]!.GetValue<string>();
        Assert.True(_cluster.Server.SetPodStatus("paged", "a", new JsonObject { ["phase"] = "Running" }));
        await ClusterClient.SucceedAsync(await _cluster.Http.DeleteAsync("api/v1/namespaces/paged/pods/b"));

        using var response = await _cluster.Http.GetAsync($"api/v1/namespaces/paged/pods?watch=true&resourceVersion={version}&timeoutSeconds=1", HttpCompletionOption.ResponseHeadersRead);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToArray();

        Assert.Equal([("MODIFIED", "a"), ("DELETED", "b")], lines.Select(l => (l["type"]!.GetValue<string>(), l["object"]!["metadata"]!["name"]!.GetValue<string>())));
        Assert.Equal("Pod", lines[0]["object"]!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_watch_or_continue_from_before_the_window_is_410_expired()
    {
        await using var small = await ClusterClient.StartAsync(new LocalClusterOptions { WatchWindow = 3 });
        await small.CreateNamespaceAsync("w");
        await ClusterClient.SucceedAsync(await small.CreateAsync("api/v1/namespaces/w/pods", ClusterClient.Pod("w", "a")));
        await ClusterClient.SucceedAsync(await small.CreateAsync("api/v1/namespaces/w/pods", ClusterClient.Pod("w", "b")));
        var page = await ClusterClient.SucceedAsync(await small.Http.GetAsync("api/v1/namespaces/w/pods?limit=1"));
        var version = page["metadata"]!["resourceVersion"]!.GetValue<string>();
        for (var i = 0; i < 5; i++)
        {
            Assert.True(small.Server.SetPodStatus("w", "a", new JsonObject { ["phase"] = "Running", ["message"] = $"tick {i}" }));
        }

        var watch = await small.Http.GetAsync($"api/v1/namespaces/w/pods?watch=true&resourceVersion={version}&timeoutSeconds=1");
        var next = await small.Http.GetAsync($"api/v1/namespaces/w/pods?limit=1&continue={Uri.EscapeDataString(page["metadata"]!["continue"]!.GetValue<string>())}");

        Assert.Equal("Expired", (await ClusterClient.StatusAsync(watch, 410))["reason"]!.GetValue<string>());
        Assert.Equal("Expired", (await ClusterClient.StatusAsync(next, 410))["reason"]!.GetValue<string>());
    }
}
