using System.Text.Json.Nodes;
using Kabin.Cluster;
using Kabin.Reliability.Tests.Support;
using Kabin.State;
using Microsoft.Extensions.DependencyInjection;

namespace Kabin.Reliability.Tests;

/// <summary>
/// The API-server double fails at random (seeded): 5xx, 409, dropped connections and answers slower
/// than the client's timeout. Redelivered as Knative does, every tenant ends complete and every
/// sandbox exists exactly once.
/// </summary>
public sealed class ClusterFaultTests
{
    private static readonly (string ApiVersion, string Kind)[] TenantKinds =
    [
        ("v1", "Namespace"), ("v1", "ResourceQuota"), ("v1", "LimitRange"), ("networking.k8s.io/v1", "NetworkPolicy"),
        ("rbac.authorization.k8s.io/v1", "RoleBinding"),
    ];

    [Theory]
    [InlineData(11)]
    [InlineData(42)]
    public async Task Tenants_and_sandboxes_end_complete_and_single_under_random_api_server_faults(int seed)
    {
        // Arrange: a reference tenant without faults tells how many objects a complete tenant has.
        await using var cluster = await ClusterHost.StartAsync("--Kabin:Cluster:Timeout=00:00:01");
        var client = cluster.Host.Services.GetRequiredService<IClusterClient>();
        var store = cluster.Host.Services.GetRequiredService<IStateStore>();
        await Deliveries.UntilSettledAsync(cluster.Host.Client, "dev.kabin.tenant.created", Spec("ref"));
        var complete = await CountAsync(client, "tenant-ref");
        var random = new Random(seed);
        var attempts = 0;

        // Act
        for (var t = 0; t < 4; t++)
        {
            var name = $"t{t}";
            attempts += await WithFaultsAsync(cluster, random, "dev.kabin.tenant.created", Spec(name));
            for (var s = 0; s < 3; s++)
            {
                attempts += await WithFaultsAsync(cluster, random, "dev.kabin.sandbox.requested", new JsonObject
                {
                    ["tenant"] = name, ["name"] = $"s{s}", ["image"] = "ghcr.io/acme/runner:1", ["ttlSeconds"] = 600,
                });
            }
        }

        // Assert
        Assert.True(attempts > 16, $"only {attempts} deliveries: the faults did not bite");
        for (var t = 0; t < 4; t++)
        {
            var ns = $"tenant-t{t}";
            Assert.Equal(complete, await CountAsync(client, ns));
            Assert.NotNull(await store.GetAsync($"tenant/t{t}", CancellationToken.None));
            var pods = await client.ListAsync("v1", "Pod", ns, string.Empty, CancellationToken.None);
            Assert.Equal(["sbx-s0", "sbx-s1", "sbx-s2"], pods.Select(p => p["metadata"]!["name"]!.GetValue<string>()).Order().ToArray());
        }
    }

    /// <summary>Arms one random fault for the next request, then redelivers until the host settles; the attempts taken.</summary>
    private static async Task<int> WithFaultsAsync(ClusterHost cluster, Random random, string type, JsonNode data)
    {
        switch (random.Next(5))
        {
            case 0: cluster.Server.FailNext(random.Next(1, 3), 500); break;
            case 1: cluster.Server.FailNext(1, 409); break;
            case 2: cluster.Server.DropNext(1); break;
            case 3: cluster.Server.DelayNext(1, TimeSpan.FromSeconds(1.5)); break;
            default: cluster.Server.FailNext(1, 503); break;
        }

        var settled = await Deliveries.UntilSettledAsync(cluster.Host.Client, type, data);
        Assert.True(settled.Final.ReplyType is "dev.kabin.tenant.provisioned" or "dev.kabin.sandbox.created", $"{type}: {settled.Final.Body}");
        return settled.Attempts;
    }

    private static async Task<int> CountAsync(IClusterClient client, string ns)
    {
        var count = 0;
        foreach (var (apiVersion, kind) in TenantKinds)
        {
            count += kind == "Namespace"
                ? (await client.GetAsync(new ResourceRef(apiVersion, kind, null, ns), CancellationToken.None) is null ? 0 : 1)
                : (await client.ListAsync(apiVersion, kind, ns, string.Empty, CancellationToken.None)).Count;
        }

        return count;
    }

    private static JsonObject Spec(string name)
    {
        var spec = TestFiles.Json("acme.spec.json");
        spec["name"] = name;
        return spec;
    }
}
