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
    [InlineData(401)]
    [InlineData(408)]
    public async Task A_server_error_a_refused_token_a_timeout_or_throttling_is_transient(int status)
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

    [Theory]
    [InlineData(400)]
    [InlineData(403)]
    [InlineData(422)]
    public async Task A_bad_request_a_refusal_by_rbac_or_an_invalid_object_is_a_rejection(int status)
    {
        Server.FailNext(1, status);

        var error = await Assert.ThrowsAsync<ClusterRejectedException>(
            () => Client.DeleteAsync(SandboxPod, null, CancellationToken.None));

        Assert.Equal(status, error.StatusCode);
    }

    [Fact]
    public async Task An_object_for_a_namespace_that_does_not_exist_is_a_rejection_naming_the_namespace()
    {
        var pod = Manifest("sandbox-pod.json");
        pod["metadata"]!["namespace"] = "tenant-nowhere";

        var error = await Assert.ThrowsAsync<ClusterRejectedException>(() => Client.ApplyAsync(pod, CancellationToken.None));

        Assert.Equal(404, error.StatusCode);
        Assert.Contains("tenant-nowhere", error.Message, StringComparison.Ordinal);
    }
}
