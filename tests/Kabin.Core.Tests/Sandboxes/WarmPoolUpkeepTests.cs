using System.Text.Json.Nodes;
using Kabin.Cluster;
using Kabin.Policy;
using Kabin.Sandboxes.Pools;
using Kabin.Tenants;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kabin.Core.Tests.Sandboxes;

/// <summary>The upkeep of a warm pool replaces members that failed or never became Running within WarmMemberReadySeconds, and keeps the ready ones.</summary>
public sealed class WarmPoolUpkeepTests : IDisposable
{
    private readonly SandboxFixture _fixture = new();
    private readonly SandboxWarmPools _pools;
    private readonly TenantRecord _tenant = SandboxFixture.Tenant("warm") with
    {
        WarmPools = [new WarmPool("py", "kata-qemu", "500m", "512Mi", "ghcr.io/acme/py:3", 3, WarmPoolUpdateStrategy.OnReplenish)],
    };

    public WarmPoolUpkeepTests()
    {
        _pools = new SandboxWarmPools(new ApplyModeCluster(_fixture.Cluster), new PolicyEngine(), _fixture.Settings, _fixture.Time, NullLogger.Instance);
    }

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task A_member_never_running_past_the_ready_time_and_a_failed_one_are_replaced_and_a_running_one_is_kept()
    {
        await _pools.ReconcileAsync(_tenant, CancellationToken.None);
        var first = await MembersAsync();
        Assert.Equal(3, first.Count);
        var (running, stuck, failed) = (first[0], first[1], first[2]);
        await SetPhaseAsync(running, "Running");
        await SetPhaseAsync(failed, "Failed");

        _fixture.Time.Advance(TimeSpan.FromSeconds(_fixture.Settings.WarmMemberReadySeconds - 10));
        await _pools.ReconcileAsync(_tenant, CancellationToken.None);
        var early = await MembersAsync();
        _fixture.Time.Advance(TimeSpan.FromSeconds(20));
        await _pools.ReconcileAsync(_tenant, CancellationToken.None);
        var late = await MembersAsync();

        // Before the ready time only the failed member goes; after it the stuck one too. The pool stays at three.
        Assert.Equal(3, early.Count);
        Assert.Contains(stuck, early);
        Assert.DoesNotContain(failed, early);
        Assert.Equal(3, late.Count);
        Assert.Contains(running, late);
        Assert.DoesNotContain(stuck, late);
    }

    private async Task<List<string>> MembersAsync() =>
        [.. (await _fixture.Cluster.ListAsync("v1", "Pod", _tenant.Namespace, TenantLabels.PoolMembers(_tenant.Name), CancellationToken.None))
            .Select(pod => pod["metadata"]!["name"]!.GetValue<string>())];

    private async Task SetPhaseAsync(string pod, string phase) =>
        Assert.True(await _fixture.Cluster.SetStatusAsync(new ResourceRef("v1", "Pod", _tenant.Namespace, pod), new JsonObject { ["phase"] = phase }, CancellationToken.None));
}
