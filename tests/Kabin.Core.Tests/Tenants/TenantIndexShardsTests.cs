using System.Text.Json;
using Kabin.Tenants;

namespace Kabin.Tests.Tenants;

/// <summary>The tenant index spread over shards: bounded keys, and the single key of earlier versions still honoured.</summary>
public sealed class TenantIndexShardsTests
{
    [Fact]
    public void Ten_thousand_long_names_spread_so_that_no_shard_comes_near_64_KiB()
    {
        var names = Enumerable.Range(0, 10_000).Select(i => $"tenant-with-a-long-name-{i:D5}").ToList();

        var largest = names.GroupBy(TenantIndexShards.KeyOf)
            .Max(shard => JsonSerializer.SerializeToUtf8Bytes(new TenantIndex([.. shard]), TenantJsonContext.Default.TenantIndex).Length);

        Assert.Equal(TenantIndexShards.Shards, names.Select(TenantIndexShards.KeyOf).Distinct().Count());
        Assert.True(largest < 8 * 1024, $"the largest shard is {largest} bytes");
    }

    [Fact]
    public async Task A_tenant_in_the_index_of_an_earlier_version_is_listed_and_its_deletion_takes_it_out()
    {
        using var fixture = new TenantFunctionFixture();
        await fixture.SendAsync(TenantEventTypes.Created, TenantFunctionFixture.Fixture("acme.spec.json"));
        await fixture.SendAsync(TenantEventTypes.Created, """{ "name": "beta" }""");
        // As an earlier version left it: acme only in the single key.
        var others = (await fixture.IndexedTenantsAsync()).Where(name => name != "acme" && TenantIndexShards.KeyOf(name) == TenantIndexShards.KeyOf("acme"));
        await fixture.SeedAsync(TenantIndexShards.KeyOf("acme"), new TenantIndex([.. others]), TenantJsonContext.Default.TenantIndex);
        await fixture.SeedAsync(TenantStateKeys.Index, new TenantIndex(["acme"]), TenantJsonContext.Default.TenantIndex);
        Assert.Equal(["acme", "beta"], await fixture.IndexedTenantsAsync());

        await fixture.SendAsync(TenantEventTypes.Deleted, """{ "name": "acme" }""");

        Assert.Equal(["beta"], await fixture.IndexedTenantsAsync());
        Assert.Empty((await fixture.ReadAsync(TenantStateKeys.Index, TenantJsonContext.Default.TenantIndex))!.Tenants);
    }
}
