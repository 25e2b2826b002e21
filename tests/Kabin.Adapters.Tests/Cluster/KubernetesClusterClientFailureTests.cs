using Kabin.Cluster;

namespace Kabin.Adapters.Tests.Cluster;

public sealed class KubernetesClusterClientFailureTests : ClusterTestBase
{
    private static readonly ResourceRef SandboxPod = new("v1", "Pod", "tenant-a", "sbx-1");

    // Room for a loaded CI machine: the requests that must succeed finish well within it, the delayed ones never do.
    protected override TimeSpan RequestTimeout => TimeSpan.FromSeconds(3);

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(429)]
    public async Task A_server_error_is_transient(int status)
    {
        Server.FailNext(1, status);

        var error = await Assert.ThrowsAsync<TransientFailureException>(
            () => Client.ApplyAsync(Manifest("sandbox-pod.json"), CancellationToken.None));

        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dropped_connection_is_transient()
    {
        Server.DropNext(1);

        await Assert.ThrowsAsync<TransientFailureException>(() => Client.GetAsync(SandboxPod, CancellationToken.None));
    }

    [Fact]
    public async Task An_answer_slower_than_the_timeout_is_transient()
    {
        Server.DelayNext(1, TimeSpan.FromSeconds(30));

        var error = await Assert.ThrowsAsync<TransientFailureException>(
            () => Client.ListAsync("v1", "Pod", null, string.Empty, CancellationToken.None));

        Assert.Contains("did not answer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_callers_cancellation_is_not_turned_into_a_transient_failure()
    {
        Server.DelayNext(1, TimeSpan.FromSeconds(30));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Client.GetAsync(SandboxPod, cancellation.Token));
    }

    [Fact]
    public async Task A_fault_for_one_request_leaves_the_next_one_served()
    {
        Server.FailNext(1, 503, request => request.Method == "GET");

        await Assert.ThrowsAsync<TransientFailureException>(() => Client.GetAsync(SandboxPod, CancellationToken.None));
        var found = await Client.GetAsync(SandboxPod, CancellationToken.None);

        Assert.Null(found);
        Assert.Equal(2, Server.Requests.Count);
    }

    [Fact]
    public async Task A_forbidden_request_is_a_rejection()
    {
        Server.FailNext(1, 403);

        var error = await Assert.ThrowsAsync<ClusterRejectedException>(
            () => Client.DeleteAsync(SandboxPod, null, CancellationToken.None));

        Assert.Equal(403, error.StatusCode);
    }
}
