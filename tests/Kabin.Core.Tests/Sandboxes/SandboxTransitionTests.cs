using CloudNative.CloudEvents;
using Kabin.Sandboxes;

namespace Kabin.Core.Tests.Sandboxes;

/// <summary>Every (state, trigger) pair through real events: the table's row, or no change at all.</summary>
public sealed class SandboxTransitionTests : IDisposable
{
    private readonly SandboxFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    public static TheoryData<SandboxState, SandboxTrigger> EveryPair()
    {
        var data = new TheoryData<SandboxState, SandboxTrigger>();
        foreach (var state in Enum.GetValues<SandboxState>())
        {
            foreach (var trigger in Enum.GetValues<SandboxTrigger>())
            {
                data.Add(state, trigger);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public async Task Trigger_moves_by_the_table_or_changes_nothing(SandboxState state, SandboxTrigger trigger)
    {
        await _fixture.AddTenantAsync(SandboxFixture.Tenant("acme"));
        var expiresIn = trigger == SandboxTrigger.Expire ? TimeSpan.FromMinutes(1) : TimeSpan.FromHours(1);
        await _fixture.SandboxAsync("acme", "box", state, expiresIn);
        _fixture.Time.Advance(TimeSpan.FromMinutes(2));
        var before = await _fixture.Store.GetAsync(SandboxStateKeys.Record("acme", "box"), CancellationToken.None);

        var result = await _fixture.SendAsync(EventFor(trigger));

        var expected = Expected(state, trigger);
        var after = await _fixture.RecordAsync("acme", "box");
        Assert.Equal(expected, after!.State);
        if (expected == state && !(state == SandboxState.Stopping && trigger == SandboxTrigger.Stop))
        {
            var unchanged = await _fixture.Store.GetAsync(SandboxStateKeys.Record("acme", "box"), CancellationToken.None);
            Assert.Equal(before!.ETag, unchanged!.ETag);
        }
        else
        {
            Assert.Equal(expected, after.History[^1].State);
        }

        Assert.Equal(!SandboxTransitions.IsTerminal(expected), (await _fixture.IndexedAsync("acme")).Contains("box"));
        Assert.Equal(ExpectedReply(state, trigger, expected), result.Reply?.Type);
    }

    /// <summary>The table's answer; in plan mode a stop goes on to Deleted because no pod event will follow.</summary>
    private static SandboxState Expected(SandboxState state, SandboxTrigger trigger)
    {
        var next = SandboxTransitions.TryNext(state, trigger, out var to) ? to : state;
        return trigger == SandboxTrigger.Stop && next == SandboxState.Stopping ? SandboxState.Deleted : next;
    }

    private static string? ExpectedReply(SandboxState state, SandboxTrigger trigger, SandboxState expected) => trigger switch
    {
        // A request or a stop always tells the sender where the sandbox is.
        SandboxTrigger.PodApplied or SandboxTrigger.Stop => expected switch
        {
            SandboxState.Running => SandboxEventTypes.Running,
            SandboxState.Succeeded or SandboxState.Failed => SandboxEventTypes.Terminated,
            SandboxState.Deleted => SandboxEventTypes.Deleted,
            SandboxState.Expired => SandboxEventTypes.Expired,
            _ => SandboxEventTypes.Created,
        },
        _ when expected == state => null,
        _ => expected switch
        {
            SandboxState.Running => SandboxEventTypes.Running,
            SandboxState.Succeeded or SandboxState.Failed => SandboxEventTypes.Terminated,
            SandboxState.Deleted => SandboxEventTypes.Deleted,
            SandboxState.Expired => SandboxEventTypes.Expired,
            _ => null,
        },
    };

    private static CloudEvent EventFor(SandboxTrigger trigger) => trigger switch
    {
        SandboxTrigger.PodApplied => SandboxFixture.Request("acme", "box"),
        SandboxTrigger.PodPending => SandboxFixture.PodEvent(SandboxEventTypes.PodUpdated, "acme", "box", "Pending", 10),
        SandboxTrigger.PodRunning => SandboxFixture.PodEvent(SandboxEventTypes.PodUpdated, "acme", "box", "Running", 11),
        SandboxTrigger.PodSucceeded => SandboxFixture.PodEvent(SandboxEventTypes.PodUpdated, "acme", "box", "Succeeded", 12, 0, "Completed"),
        SandboxTrigger.PodFailed => SandboxFixture.PodEvent(SandboxEventTypes.PodUpdated, "acme", "box", "Failed", 12, 137, "OOMKilled"),
        SandboxTrigger.PodDeleted => SandboxFixture.PodEvent(SandboxEventTypes.PodDeleted, "acme", "box", "Running", 13),
        SandboxTrigger.Stop => SandboxFixture.Stop("acme", "box"),
        SandboxTrigger.Expire => SandboxFixture.Tick(),
        _ => throw new ArgumentOutOfRangeException(nameof(trigger)),
    };
}
