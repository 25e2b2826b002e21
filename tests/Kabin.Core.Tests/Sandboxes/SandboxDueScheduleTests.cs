using Kabin.Sandboxes;
using Kabin.Tenants;

namespace Kabin.Core.Tests.Sandboxes;

/// <summary>
/// The reaper reads the due buckets of the minutes since the last tick, not every tenant's index:
/// a tick's reads follow what is due, and what was never scheduled is found by the first tick.
/// </summary>
public sealed class SandboxDueScheduleTests : IDisposable
{
    private readonly ReadRecordingStateStore _reads;
    private readonly SandboxFixture _fixture;

    public SandboxDueScheduleTests()
    {
        ReadRecordingStateStore? reads = null;
        _fixture = new SandboxFixture(wrapStore: inner => reads = new ReadRecordingStateStore(inner));
        _reads = reads!;
    }

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task A_tick_with_nothing_due_reads_no_tenant_index_however_many_tenants_there_are()
    {
        for (var i = 0; i < 50; i++)
        {
            await _fixture.AddTenantAsync(SandboxFixture.Tenant($"t{i}"));
            await _fixture.SendAsync(SandboxFixture.Request($"t{i}", "box"));
        }

        await _fixture.SendAsync(SandboxFixture.Tick());
        _fixture.Time.Advance(TimeSpan.FromMinutes(1));
        _reads.Clear();

        var tick = await _fixture.SendAsync(SandboxFixture.Tick());

        Assert.Null(tick.Reply);
        Assert.DoesNotContain(_reads.Reads, key => key.StartsWith("sandboxes/", StringComparison.Ordinal) || key.StartsWith(TenantStateKeys.Index, StringComparison.Ordinal));
        // The reaper's state, then two minutes of due buckets (the one left open by the last tick and this one) in one bulk read.
        Assert.Equal(1 + (2 * SandboxDueSchedule.Shards), _reads.Reads.Count(key => key.StartsWith("sandbox-", StringComparison.Ordinal)));
        Assert.Equal(1, _reads.BulkReads);
    }

    [Fact]
    public async Task A_tick_reads_the_index_of_only_the_tenants_with_something_due()
    {
        for (var i = 0; i < 20; i++)
        {
            await _fixture.AddTenantAsync(SandboxFixture.Tenant($"t{i}"));
            await _fixture.SendAsync(SandboxFixture.Request($"t{i}", "box", data => data["ttlSeconds"] = i < 3 ? 60 : 3600));
        }

        await _fixture.SendAsync(SandboxFixture.Tick());
        _fixture.Time.Advance(TimeSpan.FromMinutes(2));
        _reads.Clear();

        var tick = await _fixture.SendAsync(SandboxFixture.Tick());

        Assert.Equal(["t0/box", "t1/box", "t2/box"], new[] { tick.Reply! }.Concat(tick.Published).Select(e => e.Subject).Order());
        Assert.Equal(["sandboxes/t0", "sandboxes/t1", "sandboxes/t2"],
            _reads.Reads.Where(key => key.StartsWith("sandboxes/", StringComparison.Ordinal)).Distinct().Order());
    }

    [Fact]
    public async Task Sandboxes_from_before_the_schedule_are_found_by_the_first_tick_and_expire_on_time_after_it()
    {
        await _fixture.AddTenantAsync(SandboxFixture.Tenant("acme"));
        // Written straight into the index, as a version without the schedule left it: no due bucket names it.
        await _fixture.SandboxAsync("acme", "old-soon", SandboxState.Running, TimeSpan.FromSeconds(30));
        await _fixture.SandboxAsync("acme", "old-later", SandboxState.Running, TimeSpan.FromMinutes(10));

        _fixture.Time.Advance(TimeSpan.FromMinutes(1));
        var first = await _fixture.SendAsync(SandboxFixture.Tick());
        _fixture.Time.Advance(TimeSpan.FromMinutes(5));
        var early = await _fixture.SendAsync(SandboxFixture.Tick());
        _fixture.Time.Advance(TimeSpan.FromMinutes(5));
        var due = await _fixture.SendAsync(SandboxFixture.Tick());

        Assert.Equal("acme/old-soon", first.Reply!.Subject);
        Assert.Null(early.Reply);
        Assert.Equal("acme/old-later", due.Reply!.Subject);
    }

    [Fact]
    public async Task A_reaper_a_day_behind_reaps_every_tenant_once_instead_of_reading_each_minute()
    {
        await _fixture.AddTenantAsync(SandboxFixture.Tenant("acme"));
        await _fixture.SendAsync(SandboxFixture.Request("acme", "box", data => data["ttlSeconds"] = 60));
        await _fixture.SendAsync(SandboxFixture.Tick());
        _fixture.Time.Advance(TimeSpan.FromDays(2));
        _reads.Clear();

        var tick = await _fixture.SendAsync(SandboxFixture.Tick());

        Assert.Equal("acme/box", tick.Reply!.Subject);
        Assert.Contains(TenantIndexShards.KeyOf("acme"), _reads.Reads);
        // Only what scheduling the record's retention reads, not 2,880 minutes of buckets.
        Assert.True(_reads.Reads.Count(key => key.StartsWith("sandbox-due/", StringComparison.Ordinal)) <= 2);
    }

    [Fact]
    public async Task A_tick_redelivered_after_later_ticks_answers_the_same_expired_events()
    {
        await _fixture.AddTenantAsync(SandboxFixture.Tenant("acme"));
        await _fixture.SendAsync(SandboxFixture.Request("acme", "box", data => data["ttlSeconds"] = 60));
        _fixture.Time.Advance(TimeSpan.FromMinutes(2));
        var tick = SandboxFixture.Tick();
        var first = await _fixture.SendAsync(tick);
        for (var i = 0; i < 3; i++)
        {
            _fixture.Time.Advance(TimeSpan.FromMinutes(1));
            await _fixture.SendAsync(SandboxFixture.Tick());
        }

        var again = await _fixture.SendAsync(tick);

        SandboxFixture.AssertSameEvent(first.Reply!, again.Reply);
    }

    [Fact]
    public async Task Due_buckets_of_minutes_a_tick_finished_are_deleted()
    {
        await _fixture.AddTenantAsync(SandboxFixture.Tenant("acme"));
        await _fixture.SendAsync(SandboxFixture.Request("acme", "box", data => data["ttlSeconds"] = 60));
        var expiresAt = (await _fixture.RecordAsync("acme", "box"))!.ExpiresAt;
        await _fixture.SendAsync(SandboxFixture.Tick());
        _fixture.Time.Advance(TimeSpan.FromMinutes(3));

        await _fixture.SendAsync(SandboxFixture.Tick());

        for (var shard = 0; shard < SandboxDueSchedule.Shards; shard++)
        {
            Assert.Null(await _fixture.Store.GetAsync(SandboxStateKeys.Due(SandboxDueSchedule.MinuteOf(expiresAt), shard), CancellationToken.None));
        }
    }
}
