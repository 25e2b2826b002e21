using System.Text.Json.Nodes;
using Grpc.Core;
using Kabin.Cluster;
using Kabin.Reliability.Tests.Support;
using Kabin.State;
using Kabin.TestDoubles.Dapr;
using Microsoft.Extensions.DependencyInjection;

namespace Kabin.Reliability.Tests;

/// <summary>
/// The host keeps its state in Dapr (the sidecar double), which fails at random (seeded):
/// UNAVAILABLE, and answers slower than the adapter's timeout. Redelivered as Knative does, every
/// tenant record and sandbox record is written and no sandbox pod exists twice.
/// </summary>
public sealed class StateFaultTests
{
    [Theory]
    [InlineData(7)]
    [InlineData(2026)]
    public async Task Records_end_complete_and_sandboxes_single_under_random_state_store_faults(int seed)
    {
        // Arrange
        await using var sidecar = await DaprSidecarDouble.StartAsync("statestore");
        await using var host = await ReliabilityHost.StartAsync(
        [
            "--Kabin:Cluster:Mode=plan", "--Kabin:State:Dapr:StoreName=statestore",
            $"--Kabin:State:Dapr:GrpcEndpoint={sidecar.GrpcEndpoint}", "--Kabin:State:Dapr:Timeout=00:00:01",
        ]);
        var random = new Random(seed);
        var attempts = 0;

        // Act
        for (var t = 0; t < 3; t++)
        {
            var spec = TestFiles.Json("acme.spec.json");
            spec["name"] = $"d{t}";
            attempts += await WithFaultsAsync(sidecar, host, random, "dev.kabin.tenant.created", spec);
            for (var s = 0; s < 3; s++)
            {
                attempts += await WithFaultsAsync(sidecar, host, random, "dev.kabin.sandbox.requested", new JsonObject
                {
                    ["tenant"] = $"d{t}", ["name"] = $"s{s}", ["image"] = "ghcr.io/acme/runner:1", ["ttlSeconds"] = 600,
                });
            }
        }

        // Assert
        sidecar.Faults.Delay = TimeSpan.Zero;
        sidecar.Faults.FailNext(0);
        var store = host.Services.GetRequiredService<IStateStore>();
        var cluster = host.Services.GetRequiredService<IClusterClient>();
        Assert.True(attempts > 12, $"only {attempts} deliveries: the faults did not bite");
        for (var t = 0; t < 3; t++)
        {
            Assert.NotNull(await store.GetAsync($"tenant/d{t}", CancellationToken.None));
            Assert.NotNull(await store.GetAsync($"tenant-namespace/tenant-d{t}", CancellationToken.None));
            for (var s = 0; s < 3; s++)
            {
                Assert.NotNull(await store.GetAsync($"sandbox/d{t}/s{s}", CancellationToken.None));
            }

            var pods = await cluster.ListAsync("v1", "Pod", $"tenant-d{t}", string.Empty, CancellationToken.None);
            Assert.Equal(["sbx-s0", "sbx-s1", "sbx-s2"], pods.Select(p => p["metadata"]!["name"]!.GetValue<string>()).Order().ToArray());
        }
    }

    private static async Task<int> WithFaultsAsync(DaprSidecarDouble sidecar, ReliabilityHost host, Random random, string type, JsonNode data)
    {
        sidecar.Faults.Delay = TimeSpan.Zero;
        switch (random.Next(4))
        {
            case 0: sidecar.Faults.FailNext(random.Next(1, 4)); break;
            case 1: sidecar.Faults.FailNext(1, StatusCode.DeadlineExceeded, "the state store timed out"); break;
            case 2: sidecar.Faults.Delay = TimeSpan.FromSeconds(1.2); break;
            default: sidecar.Faults.FailNext(random.Next(2, 6)); break;
        }

        var settled = await Deliveries.UntilSettledAsync(host.Client, type, data, maxAttempts: 40, beforeRetry: () => sidecar.Faults.Delay = TimeSpan.Zero);
        Assert.True(settled.Final.ReplyType is "dev.kabin.tenant.provisioned" or "dev.kabin.sandbox.created", $"{type}: {settled.Final.Body}");
        return settled.Attempts;
    }
}
