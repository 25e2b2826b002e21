using Kabin.Core.Tests.Support;
using Kabin.Tenants;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Kabin.Core.Tests.Tenants;

/// <summary>Whatever names senders invent, the tenant directory's caches stay bounded and invalid names cost nothing.</summary>
public sealed class TenantDirectoryBoundsTests : IDisposable
{
    private readonly TempStateStore _state = new();
    private readonly StateTenantDirectory _directory;

    public TenantDirectoryBoundsTests()
    {
        _directory = new StateTenantDirectory(_state.Store, new FakeTimeProvider(),
            Options.Create(new TenantDirectoryOptions { CacheTtl = TimeSpan.FromMinutes(5), MaxCachedEntries = 50 }));
    }

    public void Dispose() => _state.Dispose();

    [Fact]
    public async Task Ten_thousand_distinct_misses_keep_at_most_the_configured_entries()
    {
        for (var i = 0; i < 10_000; i++)
        {
            Assert.Null(await _directory.FindByNameAsync($"ghost-{i}", CancellationToken.None));
            Assert.Null(await _directory.FindByNamespaceAsync($"ns-{i}", CancellationToken.None));
        }

        Assert.InRange(_directory.CachedEntries, 1, 100);
    }

    [Fact]
    public async Task Lookups_older_than_the_time_to_live_are_dropped_even_while_the_cache_is_far_from_full()
    {
        var time = new FakeTimeProvider();
        var directory = new StateTenantDirectory(_state.Store, time,
            Options.Create(new TenantDirectoryOptions { CacheTtl = TimeSpan.FromSeconds(5), MaxCachedEntries = 10_000 }));
        for (var i = 0; i < 1_000; i++)
        {
            await directory.FindByNameAsync($"tenant-{i}", CancellationToken.None);
        }

        var before = directory.CachedEntries;
        time.Advance(TimeSpan.FromSeconds(6));
        await directory.FindByNameAsync("one-more", CancellationToken.None);

        Assert.Equal(1_000, before);
        Assert.Equal(1, directory.CachedEntries);
    }

    [Theory]
    [InlineData(2048)]
    [InlineData(400 * 1024)]
    public async Task A_name_that_is_no_dns_label_is_none_without_a_cache_entry(int length)
    {
        var name = new string('a', length);

        Assert.Null(await _directory.FindByNameAsync(name, CancellationToken.None));
        Assert.Null(await _directory.FindByNamespaceAsync(name, CancellationToken.None));
        Assert.Null(await _directory.FindByNameAsync("Acme_Corp", CancellationToken.None));
        Assert.Equal(0, _directory.CachedEntries);
    }
}
