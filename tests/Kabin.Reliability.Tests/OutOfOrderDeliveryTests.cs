using System.Net;
using System.Text.Json.Nodes;
using Kabin.Reliability.Tests.Support;
using Kabin.State;
using Microsoft.Extensions.DependencyInjection;

namespace Kabin.Reliability.Tests;

/// <summary>
/// ApiServerSource events reach the sandbox function in any order. Whatever the order of a pod's
/// Pending, Running and Succeeded updates, the sandbox ends where in-order delivery leaves it:
/// an older pod version never overwrites a newer one. (What is emitted on the way legitimately
/// differs: a `running` event cannot follow `terminated`.)
/// </summary>
public sealed class OutOfOrderDeliveryTests
{
    private static readonly int[][] Orders =
        [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];

    [Fact]
    public async Task Pod_updates_in_every_order_end_in_the_state_of_in_order_delivery()
    {
        var endStates = new List<string>();
        foreach (var order in Orders)
        {
            // Arrange: a tenant, a sandbox, and three successive versions of its pod.
            await using var cluster = await ClusterHost.StartAsync();
            var client = cluster.Host.Client;
            await Deliveries.SendAsync(client, "dev.kabin.tenant.created", TestFiles.Json("acme.spec.json"));
            var created = await Deliveries.SendAsync(client, "dev.kabin.sandbox.requested", new JsonObject
            {
                ["tenant"] = "acme", ["name"] = "s1", ["image"] = "ghcr.io/acme/runner:1", ["ttlSeconds"] = 3600,
            });
            Assert.Equal("dev.kabin.sandbox.created", created.ReplyType);
            var versions = new[]
            {
                PodVersion(cluster, new JsonObject { ["phase"] = "Pending" }),
                PodVersion(cluster, new JsonObject { ["phase"] = "Running" }),
                PodVersion(cluster, Succeeded()),
            };

            // Act
            foreach (var index in order)
            {
                var delivery = await Deliveries.SendAsync(client, "dev.knative.apiserver.resource.update", versions[index]);
                Assert.True(delivery.Status is HttpStatusCode.OK or HttpStatusCode.Accepted, $"{(int)delivery.Status} {delivery.Body}");
            }

            // Assert (below): the stored state of each run.
            var record = await cluster.Host.Services.GetRequiredService<IStateStore>().GetAsync("sandbox/acme/s1", CancellationToken.None);
            endStates.Add(JsonNode.Parse(record!.Value.Span)!["state"]!.GetValue<string>());
        }

        Assert.All(endStates, state => Assert.Equal(endStates[0], state));
        Assert.Equal("Succeeded", endStates[0]);
    }

    private static JsonObject PodVersion(ClusterHost cluster, JsonObject status)
    {
        Assert.True(cluster.Server.SetPodStatus("tenant-acme", "sbx-s1", status));
        return cluster.Server.Find("v1", "Pod", "tenant-acme", "sbx-s1")!;
    }

    private static JsonObject Succeeded() => new()
    {
        ["phase"] = "Succeeded",
        ["containerStatuses"] = new JsonArray(new JsonObject
        {
            ["name"] = "sandbox",
            ["state"] = new JsonObject { ["terminated"] = new JsonObject { ["exitCode"] = 0, ["reason"] = "Completed" } },
        }),
    };
}
