using Kabin.Core.Tests.Sandboxes;
using Kabin.Tenants;

namespace Kabin.Tests.Tenants;

/// <summary>
/// The first tenants of a fresh store, created at the same instant: the index is created
/// insert-only, so no creation overwrites another's and every tenant is listed.
/// </summary>
public sealed class TenantIndexRaceTests
{
    [Fact]
    public async Task Eight_first_tenants_created_in_parallel_are_all_in_the_index_in_every_trial()
    {
        for (var trial = 0; trial < 12; trial++)
        {
            using var fixture = new TenantFunctionFixture(wrap: store => new YieldingStateStore(store));
            // Eight names in one shard of the index, so that they race for the same key.
            var shard = TenantIndexShards.KeyOf($"t{trial}-0");
            var names = Enumerable.Range(0, 10_000).Select(i => $"t{trial}-{i}").Where(name => TenantIndexShards.KeyOf(name) == shard).Take(8).ToArray();

            var replies = await Task.WhenAll(names.Select(name => CreateAsync(fixture, name)));

            Assert.All(replies, reply => Assert.Equal(TenantEventTypes.Provisioned, reply.Type));
            var index = await fixture.ReadAsync(shard, TenantJsonContext.Default.TenantIndex);
            Assert.Equal(names.Order(StringComparer.Ordinal), index!.Tenants);
        }
    }

    /// <summary>A conflict is an answer Knative retries; the redelivery is the same event again.</summary>
    private static async Task<CloudNative.CloudEvents.CloudEvent> CreateAsync(TenantFunctionFixture fixture, string name)
    {
        var created = TenantFunctionFixture.Event(TenantEventTypes.Created, $$"""{ "name": "{{name}}" }""");
        for (var delivery = 1; ; delivery++)
        {
            try
            {
                return (await fixture.Handler.HandleAsync(created, CancellationToken.None)).Reply!;
            }
            catch (ConflictException) when (delivery < 10)
            {
            }
        }
    }
}
