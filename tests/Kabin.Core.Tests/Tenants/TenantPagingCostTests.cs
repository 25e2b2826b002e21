using Kabin.Cluster;
using Kabin.Core.Tests.Sandboxes;
using Kabin.Core.Tests.Support;
using Kabin.State;
using Kabin.Tenants;

namespace Kabin.Tests.Tenants;

/// <summary>A page of tenants reads the index shards it needs and the page's records in one bulk read, at any fleet size.</summary>
public sealed class TenantPagingCostTests : IDisposable
{
    private readonly TempStateStore _state = new();
    private readonly ReadRecordingStateStore _reads;

    public TenantPagingCostTests()
    {
        _reads = new ReadRecordingStateStore(_state.Store);
    }

    public void Dispose() => _state.Dispose();

    [Fact]
    public async Task A_page_of_100_out_of_6400_reads_at_most_two_shards_and_a_walk_sees_every_tenant_once()
    {
        var names = Enumerable.Range(0, 6_400).Select(i => $"t-{i}").ToList();
        await SeedAsync(names);
        var queries = new TenantQueries(_reads, new PlanClusterClient(TimeProvider.System, _state.Store));

        var seen = new List<string>();
        var pages = 0;
        var mostShardReads = 0;
        var mostBulkReads = 0;
        string? after = null;
        do
        {
            _reads.Clear();
            var (records, continueAfter) = await queries.ListAsync(100, after, CancellationToken.None);
            mostShardReads = Math.Max(mostShardReads, _reads.Reads.Count(key => key.StartsWith("tenants/", StringComparison.Ordinal)));
            mostBulkReads = Math.Max(mostBulkReads, _reads.BulkReads);
            seen.AddRange(records.Select(record => record.Name));
            after = continueAfter;
            pages++;
        }
        while (after is not null && pages < 200);

        Assert.Equal(names.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.InRange(pages, 64, 80);
        // The single key of earlier versions, then the shards the page spans (about 100 names each
        // here) in bulk rounds of 1, 2, 4 keys, and the page's records in one more.
        Assert.InRange(mostShardReads, 1, 8);
        Assert.InRange(mostBulkReads, 2, 4);
    }

    [Fact]
    public async Task While_the_key_of_earlier_versions_holds_names_pages_are_in_plain_name_order_over_every_key()
    {
        await SeedAsync(["delta", "alpha", "echo"]);
        await _state.Store.SaveAsync(TenantStateKeys.Index, new TenantIndex(["bravo", "charlie"]), TenantJsonContext.Default.TenantIndex, CancellationToken.None);
        foreach (var name in new[] { "bravo", "charlie" })
        {
            await _state.Store.SaveAsync(TenantStateKeys.Record(name), SandboxFixture.Tenant(name), TenantJsonContext.Default.TenantRecord, CancellationToken.None);
        }

        var queries = new TenantQueries(_state.Store, new PlanClusterClient(TimeProvider.System, _state.Store));
        var (first, after) = await queries.ListAsync(3, null, CancellationToken.None);
        var (rest, end) = await queries.ListAsync(3, after, CancellationToken.None);

        Assert.Equal(["alpha", "bravo", "charlie"], first.Select(record => record.Name));
        Assert.Equal(["delta", "echo"], rest.Select(record => record.Name));
        Assert.Null(end);
    }

    private async Task SeedAsync(IReadOnlyList<string> names)
    {
        foreach (var shard in names.GroupBy(TenantIndexShards.KeyOf))
        {
            await _state.Store.SaveAsync(shard.Key, new TenantIndex([.. shard.Order(StringComparer.Ordinal)]), TenantJsonContext.Default.TenantIndex, CancellationToken.None);
        }

        foreach (var name in names)
        {
            await _state.Store.SaveAsync(TenantStateKeys.Record(name), SandboxFixture.Tenant(name), TenantJsonContext.Default.TenantRecord, CancellationToken.None);
        }
    }
}
