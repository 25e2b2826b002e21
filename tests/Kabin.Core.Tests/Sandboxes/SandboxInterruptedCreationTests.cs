using Kabin.Sandboxes;
using Kabin.State;

namespace Kabin.Core.Tests.Sandboxes;

/// <summary>A request whose handling stopped between claiming the name and writing the record.</summary>
public sealed class SandboxInterruptedCreationTests : IDisposable
{
    private readonly SandboxFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private async Task ClaimWithoutRecordAsync(string requestId, TimeSpan expiresIn)
    {
        await _fixture.AddTenantAsync(SandboxFixture.Tenant("acme"));
        await _fixture.Store.SaveAsync(SandboxStateKeys.Index("acme"),
            new SandboxIndex([new SandboxIndexEntry("box", _fixture.Time.GetUtcNow() + expiresIn, requestId)]),
            SandboxJsonContext.Default.SandboxIndex, CancellationToken.None);
    }

    [Fact]
    public async Task Redelivery_of_the_claiming_event_finishes_the_creation_with_the_claimed_deadline()
    {
        await ClaimWithoutRecordAsync("req-1", TimeSpan.FromMinutes(30));
        _fixture.Time.Advance(TimeSpan.FromMinutes(1));

        var result = await _fixture.SendAsync(SandboxFixture.Request("acme", "box", id: "req-1"));

        Assert.Equal(SandboxEventTypes.Created, result.Reply!.Type);
        var record = await _fixture.RecordAsync("acme", "box");
        Assert.Equal(_fixture.Time.GetUtcNow().AddMinutes(29), record!.ExpiresAt);
        Assert.NotNull(await _fixture.PodAsync("acme", "box"));
        Assert.Equal(["box"], await _fixture.IndexedAsync("acme"));
    }

    [Fact]
    public async Task Another_request_for_the_claimed_name_is_told_to_retry()
    {
        await ClaimWithoutRecordAsync("req-1", TimeSpan.FromMinutes(30));

        await Assert.ThrowsAsync<TransientFailureException>(() => _fixture.SendAsync(SandboxFixture.Request("acme", "box", id: "req-2")));

        Assert.Null(await _fixture.RecordAsync("acme", "box"));
        Assert.Null(await _fixture.PodAsync("acme", "box"));
    }

    [Fact]
    public async Task Tick_frees_a_claim_whose_record_never_came_once_its_deadline_passed()
    {
        await ClaimWithoutRecordAsync("req-1", TimeSpan.FromMinutes(1));
        _fixture.Time.Advance(TimeSpan.FromMinutes(2));

        var result = await _fixture.SendAsync(SandboxFixture.Tick());

        Assert.Null(result.Reply);
        Assert.Empty(await _fixture.IndexedAsync("acme"));
    }
}
