using System.Text.Json;
using Kabin.Sandboxes;

namespace Kabin.Core.Tests.Sandboxes;

/// <summary>
/// A tenant's index keeps at most MaxEndedRecords ended sandboxes: a busy tenant's week of history
/// no longer makes every request read and rewrite a key of megabytes.
/// </summary>
public sealed class SandboxEndedCapTests : IDisposable
{
    private readonly SandboxFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Past_the_cap_the_next_tick_forgets_the_oldest_ended_sandboxes_and_their_pods()
    {
        _fixture.Settings.MaxEndedRecords = 3;
        await _fixture.AddTenantAsync(SandboxFixture.Tenant("acme"));
        for (var i = 0; i < 6; i++)
        {
            await _fixture.SendAsync(SandboxFixture.Request("acme", $"job-{i}"));
            await _fixture.SendAsync(SandboxFixture.PodEvent(SandboxEventTypes.PodUpdated, "acme", $"job-{i}", "Succeeded", 10 + i, 0, "Completed"));
            _fixture.Time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(6, (await _fixture.IndexAsync("acme")).Ended.Count);

        await _fixture.SendAsync(SandboxFixture.Tick());

        Assert.Equal(["job-3", "job-4", "job-5"], (await _fixture.IndexAsync("acme")).Ended.Select(entry => entry.Name));
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(i >= 3, await _fixture.RecordAsync("acme", $"job-{i}") is not null);
            Assert.Equal(i >= 3, await _fixture.PodAsync("acme", $"job-{i}") is not null);
        }
    }

    [Fact]
    public async Task Ended_sandboxes_whose_expired_events_the_sink_has_not_taken_are_kept_past_the_cap()
    {
        _fixture.Settings.MaxEndedRecords = 1;
        await _fixture.AddTenantAsync(SandboxFixture.Tenant("acme"));
        await _fixture.SendAsync(SandboxFixture.Request("acme", "a", data => data["ttlSeconds"] = 60));
        await _fixture.SendAsync(SandboxFixture.Request("acme", "b", data => data["ttlSeconds"] = 60));
        _fixture.Time.Advance(TimeSpan.FromMinutes(2));

        await _fixture.SendAsync(SandboxFixture.Tick(), sinkTakes: false);
        await _fixture.SendAsync(SandboxFixture.Tick(), sinkTakes: false);

        Assert.Equal(["a", "b"], (await _fixture.IndexAsync("acme")).Ended.Select(entry => entry.Name).Order());
    }

    [Fact]
    public void At_the_default_maximum_and_cap_an_index_of_the_longest_names_stays_under_64_KiB()
    {
        var options = new SandboxOptions();
        var at = DateTimeOffset.UtcNow;
        string Name(int i) => $"{new string('n', 58)}{i:D5}";
        var index = new SandboxIndex(
            [.. Enumerable.Range(0, new Kabin.Tenants.TenantDefaults().SandboxMax).Select(i => new SandboxIndexEntry(
                Name(i), at, Guid.NewGuid().ToString(), Claim: Guid.NewGuid().ToString("N"), ClaimedAt: at))])
        {
            Ended = [.. Enumerable.Range(0, options.MaxEndedRecords).Select(i => new SandboxIndexEntry(
                Name(i), at, EndedBy: $"/kabin/ping {Guid.NewGuid()}", AwaitingSink: true, PodDeleteAt: at))],
        };

        var bytes = JsonSerializer.SerializeToUtf8Bytes(index, SandboxJsonContext.Default.SandboxIndex).Length;

        Assert.True(bytes < 64 * 1024, $"{bytes} bytes");
    }
}
