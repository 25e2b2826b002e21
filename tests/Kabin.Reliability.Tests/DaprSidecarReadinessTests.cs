using System.Net;
using System.Text.Json.Nodes;
using Kabin.Reliability.Tests.Support;
using Kabin.TestDoubles.Dapr;

namespace Kabin.Reliability.Tests;

/// <summary>
/// The Dapr sidecar starts beside the host: the host's start waits for its health API
/// (<c>/v1.0/healthz/outbound</c>) up to a bound, and readiness says 503 while it is not ready.
/// </summary>
public sealed class DaprSidecarReadinessTests
{
    private static string[] Args(DaprSidecarDouble sidecar, string startupWait, string? httpArg = null) =>
    [
        "--Kabin:Cluster:Mode=plan", "--Kabin:State:Dapr:StoreName=statestore",
        $"--Kabin:State:Dapr:GrpcEndpoint={sidecar.GrpcEndpoint}",
        httpArg ?? $"--Kabin:State:Dapr:HttpEndpoint={sidecar.HttpEndpoint}",
        $"--Kabin:State:Dapr:StartupWait={startupWait}",
    ];

    [Fact]
    public async Task Past_the_bound_the_host_starts_and_readiness_waits_for_the_sidecar_by_name()
    {
        await using var sidecar = await DaprSidecarDouble.StartAsync("statestore");
        sidecar.Faults.Initializing = true;
        await using var host = await ReliabilityHost.StartAsync(Args(sidecar, "00:00:00.300"));

        using var waiting = await host.Client.GetAsync("/health/readiness");
        var report = JsonNode.Parse(await waiting.Content.ReadAsStringAsync())!;
        sidecar.Faults.Initializing = false;
        var ready = await WaitForReadyAsync(host.Client, TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, waiting.StatusCode);
        Assert.Equal("waiting", report["status"]!.GetValue<string>());
        Assert.Equal("dapr-sidecar", Assert.Single(report["waitingFor"]!.AsArray())!.GetValue<string>());
        Assert.True(ready);
        using var liveness = await host.Client.GetAsync("/health/liveness");
        Assert.Equal(HttpStatusCode.OK, liveness.StatusCode);
    }

    [Fact]
    public async Task The_start_waits_until_the_sidecar_is_ready()
    {
        await using var sidecar = await DaprSidecarDouble.StartAsync("statestore");
        sidecar.Faults.Initializing = true;

        var starting = ReliabilityHost.StartAsync(Args(sidecar, "00:00:30"));
        var early = await Task.WhenAny(starting, Task.Delay(TimeSpan.FromMilliseconds(800)));
        sidecar.Faults.Initializing = false;
        await using var host = await starting.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.NotSame(starting, early);
        using var ready = await host.Client.GetAsync("/health/readiness");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.DoesNotContain("waitingFor", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sidecar_injectors_DAPR_HTTP_PORT_is_where_readiness_looks()
    {
        await using var sidecar = await DaprSidecarDouble.StartAsync("statestore");
        sidecar.Faults.Initializing = true;
        await using var host = await ReliabilityHost.StartAsync(Args(sidecar, "00:00:00", $"--DAPR_HTTP_PORT={sidecar.HttpEndpoint.Port}"));

        using var waiting = await host.Client.GetAsync("/health/readiness");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, waiting.StatusCode);
    }

    [Fact]
    public async Task A_sidecar_that_is_not_there_at_all_is_waited_for_too()
    {
        var sidecar = await DaprSidecarDouble.StartAsync("statestore");
        // A port nobody listens on: the one the double had, after it is gone.
        var gone = sidecar.HttpEndpoint;
        await sidecar.DisposeAsync();
        await using var host = await ReliabilityHost.StartAsync(Args(sidecar, "00:00:00", $"--Kabin:State:Dapr:HttpEndpoint={gone}"));

        using var waiting = await host.Client.GetAsync("/health/readiness");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, waiting.StatusCode);
    }

    private static async Task<bool> WaitForReadyAsync(HttpClient client, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            using var response = await client.GetAsync("/health/readiness");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }
}
