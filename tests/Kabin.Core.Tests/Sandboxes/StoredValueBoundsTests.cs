using Kabin.Sandboxes;

namespace Kabin.Core.Tests.Sandboxes;

/// <summary>
/// No stored value grows past 64 KiB (the item limit of several Dapr stores, and far below the
/// gRPC message limit), checked over every key a busy fleet leaves behind: 1,200 tenants with the
/// longest names all due in one minute, ticks that each reap the most they may, sandbox indexes,
/// due buckets, the reaper's state and plan mode's objects and indexes.
/// </summary>
public sealed class StoredValueBoundsTests : IDisposable
{
    private const int Tenants = 1200;
    private readonly SandboxFixture _fixture;
    private ReadRecordingStateStore _reads = null!;

    public StoredValueBoundsTests()
    {
        _fixture = new SandboxFixture(wrapStore: store => _reads = new ReadRecordingStateStore(store));
    }

    public void Dispose() => _fixture.Dispose();

    private static string LongName(int i) => $"t{i:D5}-" + new string('x', 49);

    [Fact]
    public async Task After_ticks_that_reap_the_most_they_may_every_stored_value_is_under_64_KiB()
    {
        Assert.Equal(56, LongName(0).Length);
        for (var i = 0; i < Tenants; i++)
        {
            await _fixture.AddTenantAsync(SandboxFixture.Tenant(LongName(i)));
            await _fixture.SendAsync(SandboxFixture.Request(LongName(i), "box-with-a-name-as-long-as-a-sandbox-name-may-be-0123456789", data => data["ttlSeconds"] = 60));
        }

        await _fixture.SendAsync(SandboxFixture.Tick());
        _fixture.Time.Advance(TimeSpan.FromMinutes(2));
        var first = await _fixture.SendAsync(SandboxFixture.Tick());
        var sizes = _fixture.StoredSizes();
        var expired = new HashSet<string>(new[] { first.Reply! }.Concat(first.Published).Select(e => e.Subject!));
        _reads.Clear();
        var sameMinute = await _fixture.SendAsync(SandboxFixture.Tick());
        var readsInSameMinute = _reads.Reads.Count(key => key.StartsWith("sandboxes/", StringComparison.Ordinal));
        for (var tick = 0; tick < 4 && expired.Count < Tenants; tick++)
        {
            _fixture.Time.Advance(TimeSpan.FromMinutes(1));
            var next = await _fixture.SendAsync(SandboxFixture.Tick());
            expired.UnionWith(new[] { next.Reply }.Concat(next.Published).OfType<CloudNative.CloudEvents.CloudEvent>().Select(e => e.Subject!));
        }

        // MaxTenantsPerTick (1,000): the first tick leaves 200 for the next minute's, and keeps its
        // 1,000 for a redelivery; another tick within the same minute has nothing to do.
        Assert.Equal(_fixture.Settings.MaxTenantsPerTick, 1 + first.Published.Count);
        Assert.Null(sameMinute.Reply);
        Assert.Equal(0, readsInSameMinute);
        Assert.Equal(Tenants, expired.Count);
        Assert.True(sizes[0].Bytes < 64 * 1024, $"{sizes[0].Key} holds {sizes[0].Bytes} bytes");
        Assert.Contains(sizes, size => size.Key == SandboxStateKeys.Reaper && size.Bytes > 32 * 1024);
        Assert.True(_fixture.StoredSizes()[0].Bytes < 64 * 1024);
    }
}
