using Kabin.Cluster;
using Kabin.Host.Tests.Support;
using Kabin.State;
using Kabin.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace Kabin.Host.Tests.Telemetry;

public sealed class MeasuredPortsTests
{
    [Fact]
    public async Task The_hosts_ports_are_measured_and_callers_that_need_the_adapter_find_it_underneath()
    {
        await using var host = await RunningHost.StartAsync();

        var cluster = host.Services.GetRequiredService<IClusterClient>();
        var store = host.Services.GetRequiredService<IStateStore>();

        Assert.IsType<MeasuredClusterClient>(cluster);
        Assert.IsType<MeasuredStateStore>(store);
        // Plan mode's pod mirroring and the API server's reviews look for the adapter's own kind.
        Assert.IsType<PlanClusterClient>(cluster.Innermost());
        Assert.Equal(ClusterMode.Plan, cluster.Mode);
    }
}
