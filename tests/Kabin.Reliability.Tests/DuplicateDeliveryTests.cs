using System.Net;
using System.Text.Json.Nodes;
using Kabin.Cluster;
using Kabin.Reliability.Tests.Support;
using Kabin.State;
using Kabin.Tenants;
using Microsoft.Extensions.DependencyInjection;

namespace Kabin.Reliability.Tests;

/// <summary>
/// Every input event type of the three functions, delivered once, twice and three times in a row
/// (same id, as Knative redelivers): the cluster objects, the state records and the set of
/// distinct reply events are the same as after one delivery each.
/// </summary>
public sealed class DuplicateDeliveryTests
{
    private static readonly (string ApiVersion, string Kind)[] Kinds =
    [
        ("v1", "Namespace"), ("v1", "ResourceQuota"), ("v1", "LimitRange"), ("networking.k8s.io/v1", "NetworkPolicy"),
        ("rbac.authorization.k8s.io/v1", "Role"), ("rbac.authorization.k8s.io/v1", "RoleBinding"), ("v1", "Pod"),
    ];

    private static readonly string[] StateKeys =
        ["tenant/acme", "tenant-namespace/tenant-acme", TenantIndexShards.KeyOf("acme"), "sandbox/acme/s1", "sandboxes/acme", "sandbox/acme/s2"];

    [Fact]
    public async Task Each_event_delivered_two_or_three_times_ends_as_one_delivery_does()
    {
        // Arrange / Act
        var once = await RunAsync(copies: 1);
        var twice = await RunAsync(copies: 2);
        var thrice = await RunAsync(copies: 3);

        // Assert
        Assert.Equal(once.Cluster, twice.Cluster);
        Assert.Equal(once.Cluster, thrice.Cluster);
        Assert.Equal(once.State, twice.State);
        Assert.Equal(once.State, thrice.State);
        Assert.Equal(once.Replies, twice.Replies);
        Assert.Equal(once.Replies, thrice.Replies);
        Assert.Contains("dev.kabin.sandbox.created", once.Replies, StringComparison.Ordinal);
        Assert.Contains("dev.kabin.policy.violation", once.Replies, StringComparison.Ordinal);
        Assert.Contains("sbx-s2", once.Cluster, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tenant_deleted_two_or_three_times_leaves_nothing_and_answers_deprovisioned()
    {
        foreach (var copies in new[] { 1, 2, 3 })
        {
            // Arrange
            await using var cluster = await ClusterHost.StartAsync();
            await Deliveries.SendAsync(cluster.Host.Client, "dev.kabin.tenant.created", TestFiles.Json("acme.spec.json"));

            // Act
            var replies = new List<Delivery>();
            var id = Guid.NewGuid().ToString();
            for (var i = 0; i < copies; i++)
            {
                replies.Add(await Deliveries.SendAsync(cluster.Host.Client, "dev.kabin.tenant.deleted", new JsonObject { ["name"] = "acme" }, id));
            }

            // Assert
            Assert.All(replies, r => Assert.Equal("dev.kabin.tenant.deprovisioned", r.ReplyType));
            Assert.Null(cluster.Server.Find("v1", "Namespace", null, "tenant-acme"));
            Assert.Null(await cluster.Host.Services.GetRequiredService<IStateStore>().GetAsync("tenant/acme", CancellationToken.None));
        }
    }

    private static async Task<RunResult> RunAsync(int copies)
    {
        await using var cluster = await ClusterHost.StartAsync();
        var client = cluster.Host.Client;
        // The multiset of emitted replies: one entry per event, its id derived from the cause's.
        var replies = new List<string>();
        var sequence = 0;

        async Task DeliverAsync(string type, JsonNode data)
        {
            // The same ids in every run, so that the ids Kabin derives from them compare across runs.
            var id = $"event-{++sequence}";
            Delivery? first = null;
            for (var i = 0; i < copies; i++)
            {
                var delivery = await Deliveries.SendAsync(client, type, data, id);
                Assert.True(delivery.Status is HttpStatusCode.OK or HttpStatusCode.Accepted, $"{type}: {(int)delivery.Status} {delivery.Body}");
                if (first is null)
                {
                    first = delivery;
                    if (delivery.ReplyType is not null)
                    {
                        replies.Add($"{delivery.ReplyType} {delivery.ReplyId} {Normalized.Of(delivery.Data)}");
                    }
                }
                else
                {
                    // A redelivery answers exactly what the first delivery answered: never nothing, never another event.
                    Assert.Equal((first.ReplyType, first.ReplyId), (delivery.ReplyType, delivery.ReplyId));
                    Assert.Equal(Normalized.Of(first.Data), Normalized.Of(delivery.Data));
                }
            }
        }

        var spec = TestFiles.Json("acme.spec.json");
        await DeliverAsync("dev.kabin.tenant.created", spec);
        spec["registries"] = new JsonArray("ghcr.io/acme/", "quay.io/acme/");
        await DeliverAsync("dev.kabin.tenant.updated", spec);
        await DeliverAsync("dev.kabin.policy.check.requested", new JsonObject { ["tenant"] = "acme", ["object"] = HostileCorpus.PodIn("tenant-acme") });
        var rogue = HostileCorpus.PodIn("tenant-acme", "rogue");
        rogue["spec"]!.AsObject().Remove("runtimeClassName");
        await DeliverAsync("dev.knative.apiserver.resource.add", rogue);
        await DeliverAsync("dev.knative.apiserver.resource.update", rogue);
        foreach (var name in new[] { "s1", "s2" })
        {
            await DeliverAsync("dev.kabin.sandbox.requested", new JsonObject
            {
                ["tenant"] = "acme", ["name"] = name, ["image"] = "ghcr.io/acme/runner:1", ["ttlSeconds"] = 3600,
            });
        }

        Assert.True(cluster.Server.SetPodStatus("tenant-acme", "sbx-s1", new JsonObject { ["phase"] = "Running" }));
        await DeliverAsync("dev.knative.apiserver.resource.update", cluster.Server.Find("v1", "Pod", "tenant-acme", "sbx-s1")!);
        // ApiServerSource's delete event carries the pod's last state: newer than any update seen before.
        var pod = cluster.Server.Find("v1", "Pod", "tenant-acme", "sbx-s1")!;
        var metadata = pod["metadata"]!.AsObject();
        metadata["resourceVersion"] = (long.Parse(metadata["resourceVersion"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) + 1000)
            .ToString(System.Globalization.CultureInfo.InvariantCulture);
        metadata["deletionTimestamp"] = DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        await DeliverAsync("dev.kabin.sandbox.stop.requested", new JsonObject { ["tenant"] = "acme", ["name"] = "s1" });
        await DeliverAsync("dev.knative.apiserver.resource.delete", pod);
        await DeliverAsync("dev.knative.sources.ping", new JsonObject());

        return new RunResult(await ClusterObjectsAsync(cluster), await StateAsync(cluster), string.Join('\n', replies.Order(StringComparer.Ordinal)));
    }

    private static async Task<string> ClusterObjectsAsync(ClusterHost cluster)
    {
        var client = cluster.Host.Services.GetRequiredService<IClusterClient>();
        var lines = new List<string>();
        foreach (var (apiVersion, kind) in Kinds)
        {
            var objects = await client.ListAsync(apiVersion, kind, null, string.Empty, CancellationToken.None);
            lines.AddRange(objects.Select(o => $"{kind} {Normalized.Of(o)}"));
        }

        lines.Sort(StringComparer.Ordinal);
        return string.Join('\n', lines);
    }

    private static async Task<string> StateAsync(ClusterHost cluster)
    {
        var store = cluster.Host.Services.GetRequiredService<IStateStore>();
        var lines = new List<string>();
        foreach (var key in StateKeys)
        {
            var entry = await store.GetAsync(key, CancellationToken.None);
            lines.Add($"{key} {(entry is null ? "absent" : Normalized.Of(JsonNode.Parse(entry.Value.Span)))}");
        }

        return string.Join('\n', lines);
    }

    private sealed record RunResult(string Cluster, string State, string Replies);
}
