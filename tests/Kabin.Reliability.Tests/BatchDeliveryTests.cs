using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Kabin.Reliability.Tests.Support;

namespace Kabin.Reliability.Tests;

/// <summary>
/// Batches (application/cloudevents-batch+json) under partial failure: on ffd1a99 a batch whose
/// second event was malformed answered 422 while the first event's effect stayed and its reply was lost.
/// </summary>
public sealed class BatchDeliveryTests
{
    private static readonly string[] SandboxPods = ["sbx-s1", "sbx-s2"];

    [Fact]
    public async Task A_batch_with_one_malformed_event_is_refused_whole_and_nothing_of_it_takes_effect()
    {
        await using var cluster = await ClusterHost.StartAsync();

        using var response = await cluster.Host.Client.SendAsync(Batch(
            Event("tenant-1", "dev.kabin.tenant.created", TestFiles.Json("acme.spec.json")),
            Event("sandbox-1", "dev.kabin.sandbox.requested", new JsonObject { ["tenant"] = "acme", ["name"] = 42 })));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = JsonNode.Parse(body)!;
        Assert.StartsWith("Event 1 of the batch ('sandbox-1') is refused, so no event of the batch was handled", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Equal("$[1].data.name", (string?)problem["errors"]![0]!["field"]);
        Assert.Null(cluster.Server.Find("v1", "Namespace", null, "tenant-acme"));
    }

    [Fact]
    public async Task A_batch_redelivered_after_a_transient_failure_ends_as_an_uninterrupted_one_with_every_reply()
    {
        var uninterrupted = await RunAsync(failFirstPodCreation: false);
        var interrupted = await RunAsync(failFirstPodCreation: true);

        Assert.Equal(3, uninterrupted.Replies.Count);
        Assert.Equal(uninterrupted.Replies, interrupted.Replies);
        Assert.Equal(uninterrupted.Pods, interrupted.Pods);
    }

    private static async Task<(IReadOnlyList<string> Replies, string Pods)> RunAsync(bool failFirstPodCreation)
    {
        await using var cluster = await ClusterHost.StartAsync();
        if (failFirstPodCreation)
        {
            cluster.Server.FailNext(1, 503, request => request.Method == "PATCH" && request.Path.Contains("/pods/", StringComparison.Ordinal));
        }

        HttpResponseMessage response;
        var attempts = 0;
        do
        {
            using var batch = Batch(
                Event("tenant-1", "dev.kabin.tenant.created", TestFiles.Json("acme.spec.json")),
                Event("sandbox-1", "dev.kabin.sandbox.requested", Sandbox("s1")),
                Event("sandbox-2", "dev.kabin.sandbox.requested", Sandbox("s2")));
            response = await cluster.Host.Client.SendAsync(batch);
            attempts++;
        }
        while (Deliveries.IsRetried(response.StatusCode) && attempts < 5);

        Assert.Equal(failFirstPodCreation ? 2 : 1, attempts);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var replies = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray()
            .Select(reply => $"{reply!["type"]} {reply["id"]} {Normalized.Of(reply["data"])}")
            .ToList();
        var pods = string.Join(',', SandboxPods.Select(name => cluster.Server.Find("v1", "Pod", "tenant-acme", name) is null ? "-" : name));
        return (replies, pods);
    }

    private static JsonObject Sandbox(string name) => new()
    {
        ["tenant"] = "acme", ["name"] = name, ["image"] = "ghcr.io/acme/runner:1", ["ttlSeconds"] = 3600,
    };

    private static JsonObject Event(string id, string type, JsonNode data) => new()
    {
        ["specversion"] = "1.0", ["id"] = id, ["source"] = "/reliability", ["type"] = type,
        ["datacontenttype"] = "application/json", ["data"] = data,
    };

    private static HttpRequestMessage Batch(params JsonObject[] events)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/")
        {
            Content = new StringContent(new JsonArray([.. events]).ToJsonString(), Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/cloudevents-batch+json");
        return request;
    }
}
