using Kabin.Sandboxes;

namespace Kabin.Core.Tests.Sandboxes;

/// <summary>
/// A delivery that ended a sandbox and died between writing the record and freeing its place in
/// the index (found by <c>CrashRecoveryTests</c>): the redelivery answers the same event and finishes the end.
/// </summary>
public sealed class SandboxInterruptedEndTests : IDisposable
{
    private readonly InterleavingStateStore _store;
    private readonly SandboxFixture _fixture;

    public SandboxInterruptedEndTests()
    {
        InterleavingStateStore? store = null;
        _fixture = new SandboxFixture(wrapStore: inner => store = new InterleavingStateStore(inner));
        _store = store!;
    }

    public void Dispose() => _fixture.Dispose();

    [Theory]
    [InlineData(SandboxEventTypes.PodUpdated, "Succeeded", 0, SandboxEventTypes.Terminated)]
    [InlineData(SandboxEventTypes.PodUpdated, "Failed", 3, SandboxEventTypes.Terminated)]
    [InlineData(SandboxEventTypes.PodDeleted, "Running", null, SandboxEventTypes.Deleted)]
    public async Task Redelivery_of_the_ending_pod_event_frees_the_place_the_first_delivery_left_taken(
        string type, string phase, int? exitCode, string answered)
    {
        await _fixture.AddTenantAsync(SandboxFixture.Tenant("acme"));
        await _fixture.SandboxAsync("acme", "box", SandboxState.Running);
        var ending = SandboxFixture.PodEvent(type, "acme", "box", phase, 20, exitCode);
        _store.Key = SandboxStateKeys.Index("acme");
        _store.Interleave = () => throw new TransientFailureException("the process died here");

        await Assert.ThrowsAsync<TransientFailureException>(() => _fixture.SendAsync(ending));
        Assert.Equal(["box"], await _fixture.IndexedAsync("acme"));
        var first = (await _fixture.RecordAsync("acme", "box"))!;
        Assert.True(SandboxTransitions.IsTerminal(first.State));

        var again = await _fixture.SendAsync(ending);

        Assert.Equal(answered, again.Reply?.Type);
        Assert.Empty(await _fixture.IndexedAsync("acme"));
        var ended = Assert.Single((await _fixture.IndexAsync("acme")).Ended);
        Assert.Equal("box", ended.Name);
        Assert.Equal(first.State is SandboxState.Succeeded or SandboxState.Failed, ended.PodDeleteAt is not null);
    }
}
