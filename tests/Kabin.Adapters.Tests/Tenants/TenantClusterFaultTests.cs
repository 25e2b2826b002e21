using Kabin.Tenants;
using Kabin.LocalCluster;

namespace Kabin.Adapters.Tests.Tenants;

public sealed class TenantClusterFaultTests
{
    private static bool ApplyOf(RecordedRequest request, string plural) =>
        request.Method == "PATCH" && request.Path.Contains("/" + plural, StringComparison.Ordinal);

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    public async Task A_server_error_fails_the_event_as_transient_and_a_redelivery_completes_the_tenant(int status)
    {
        await using var fixture = await TenantClusterFixture.StartAsync();
        fixture.Server.FailNext(1, status, request => ApplyOf(request, "networkpolicies"));

        await Assert.ThrowsAsync<TransientFailureException>(
            () => fixture.SendAsync(TenantEventTypes.Created, TenantClusterFixture.AcmeSpec));

        // Admission already has the tenant's policy; the tenant is listed only once every object is applied.
        Assert.NotNull(await fixture.Directory.FindByNamespaceAsync("tenant-acme", CancellationToken.None));
        Assert.Empty(await TenantIndexShards.AllAsync(fixture.Store, CancellationToken.None));
        Assert.Null(fixture.Server.Find("v1", "ServiceAccount", "tenant-acme", "tenant-admin"));

        var (reply, _) = await fixture.SendAsync(TenantEventTypes.Created, TenantClusterFixture.AcmeSpec);

        Assert.Equal(TenantEventTypes.Provisioned, reply.Type);
        Assert.NotNull(fixture.Server.Find("v1", "ServiceAccount", "tenant-acme", "tenant-admin"));
        Assert.Equal(1, (await fixture.Directory.FindByNameAsync("acme", CancellationToken.None))!.Generation);
    }

    [Fact]
    public async Task An_api_server_slower_than_the_timeout_fails_the_event_as_transient_and_a_retry_completes()
    {
        // The timeout leaves room for a loaded CI machine; the delayed request waits far longer than it.
        await using var fixture = await TenantClusterFixture.StartAsync(TimeSpan.FromSeconds(3));
        fixture.Server.DelayNext(1, TimeSpan.FromSeconds(30), request => ApplyOf(request, "resourcequotas"));

        await Assert.ThrowsAsync<TransientFailureException>(
            () => fixture.SendAsync(TenantEventTypes.Created, TenantClusterFixture.AcmeSpec));
        Assert.Empty(await TenantIndexShards.AllAsync(fixture.Store, CancellationToken.None));

        var (reply, _) = await fixture.SendAsync(TenantEventTypes.Created, TenantClusterFixture.AcmeSpec);

        Assert.Equal(TenantEventTypes.Provisioned, reply.Type);
        Assert.NotNull(fixture.Server.Find("v1", "ResourceQuota", "tenant-acme", "kabin-quota"));
    }

    [Fact]
    public async Task A_conflict_is_retried_and_the_tenant_completes()
    {
        await using var fixture = await TenantClusterFixture.StartAsync();
        fixture.Server.FailNext(2, 409, request => ApplyOf(request, "limitranges"));

        var (reply, _) = await fixture.SendAsync(TenantEventTypes.Created, TenantClusterFixture.AcmeSpec);

        Assert.Equal(TenantEventTypes.Provisioned, reply.Type);
        Assert.Equal(3, fixture.Server.Requests.Count(request => ApplyOf(request, "limitranges")));
        Assert.NotNull(fixture.Server.Find("v1", "LimitRange", "tenant-acme", "kabin-limits"));
    }

    [Fact]
    public async Task A_conflict_that_persists_fails_the_event_with_409_and_leaves_the_tenant_unlisted()
    {
        await using var fixture = await TenantClusterFixture.StartAsync();
        fixture.Server.FailNext(3, 409, request => ApplyOf(request, "limitranges"));

        await Assert.ThrowsAsync<ConflictException>(() => fixture.SendAsync(TenantEventTypes.Created, TenantClusterFixture.AcmeSpec));

        Assert.Empty(await TenantIndexShards.AllAsync(fixture.Store, CancellationToken.None));
        Assert.DoesNotContain(fixture.Server.Requests, request => ApplyOf(request, "networkpolicies"));
    }
}
