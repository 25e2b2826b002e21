using System.Text;
using Kabin.Security.Tests.Support;

namespace Kabin.Security.Tests;

/// <summary>
/// Threat: unbounded memory from invented names (on ffd1a99 every looked-up tenant name was cached
/// for good: 4.35 KiB per event naming a 2 KB tenant, 2.4 MiB per 400 KB one). Runs alone, so
/// that no other test's allocations are counted.
/// </summary>
[Collection(nameof(MemoryAttackTests))]
[CollectionDefinition(nameof(MemoryAttackTests), DisableParallelization = true)]
public sealed class MemoryAttackTests
{
    private const long Budget = 16 * 1024 * 1024;

    [Fact]
    public async Task Twenty_thousand_invented_tenant_names_and_two_hundred_huge_ones_grow_memory_under_16_MiB()
    {
        if (NativeHost.Binary is { } binary)
        {
            // The deployed binary, measured as the issue asks: resident memory of the process.
            await using var host = await NativeHost.StartAsync(binary);
            await AttackAsync(host.Client, 2_000, 2048, 0);
            var before = host.ResidentBytes;
            await AttackAsync(host.Client, 20_000, 2048, 200);
            Assert.True(host.ResidentBytes - before < Budget, $"RSS grew {(host.ResidentBytes - before) / 1024} KiB");
            return;
        }

        // Without the published binary (a developer's run): the in-process host's retained managed heap.
        await using var inProcess = await AttackedHost.StartAsync();
        await AttackAsync(inProcess.Client, 2_000, 2048, 0);
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        await AttackAsync(inProcess.Client, 20_000, 2048, 200);
        var grown = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
        Assert.True(grown < Budget, $"the managed heap grew {grown / 1024} KiB");
    }

    /// <summary>Sandbox requests and admission reviews naming tenants and namespaces nobody has; every answer is a refusal with a bounded subject.</summary>
    private static async Task AttackAsync(HttpClient client, int small, int smallLength, int huge)
    {
        var counter = 0;
        async Task OneAsync(int length)
        {
            var n = Interlocked.Increment(ref counter);
            var name = (n.ToString(System.Globalization.CultureInfo.InvariantCulture) + new string('x', length))[..length];
            using var request = new HttpRequestMessage(HttpMethod.Post, "/")
            {
                Content = new StringContent($$"""{"tenant":"{{name}}","name":"box","image":"ghcr.io/x/y:1"}""", Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("ce-specversion", "1.0");
            request.Headers.Add("ce-id", "attack-" + n);
            request.Headers.Add("ce-source", "/attacker");
            request.Headers.Add("ce-type", "dev.kabin.sandbox.requested");
            using var response = await client.SendAsync(request);
            Assert.True((int)response.StatusCode is >= 400 and < 500, $"{(int)response.StatusCode} for a {length}-character tenant name");
            var subject = response.Headers.TryGetValues("ce-subject", out var values) ? values.First() : string.Empty;
            Assert.True(subject.Length <= 512, $"a {subject.Length}-character subject");
        }

        var work = Enumerable.Repeat(smallLength, small).Concat(Enumerable.Repeat(400 * 1024, huge)).ToArray();
        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (length, _) => await OneAsync(length));
    }
}
