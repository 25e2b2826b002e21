using System.Text;
using Kabin.Security.Tests.Support;
using Kabin.TestDoubles.Native;

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
    public async Task Twenty_thousand_invented_tenant_names_and_two_hundred_huge_ones_retain_under_16_MiB()
    {
        // What the attack makes the host keep: the in-process host's managed heap after full collections.
        await using var host = await AttackedHost.StartAsync();
        await AttackAsync(host.Client, 2_000, 2048, 0);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        await AttackAsync(host.Client, 20_000, 2048, 200);
        var retained = GC.GetTotalMemory(forceFullCollection: true) - before;

        Assert.True(retained < Budget, $"the managed heap kept {retained / 1024} KiB");
    }

    [AotBinaryFact]
    public async Task The_native_binary_with_the_pods_gc_settings_keeps_answering_and_its_resident_memory_stays_near_16_MiB()
    {
        // The deployed binary's RSS also counts memory the process holds under this mixed load (not only
        // the managed heap): measured 10.6 to 15.9 MiB over 8 runs (13 to 18 while binary data was a
        // cloned JsonDocument), and a second round of 200 huge events adds nothing (a plateau, not
        // retention per event). ffd1a99 kept 2.4 MiB per huge event for good (480 MiB for these 200).
        // Asserted with 1.5x headroom over the 16 MiB target, for a loaded CI machine.
        await using var native = await NativeHost.StartAsync(AotBinaryFactAttribute.BinaryPath, DeployedGcSettings("kabin-sandbox"));
        await AttackAsync(native.Client, 2_000, 2048, 0);
        var before = native.ResidentBytes;
        var attack = AttackAsync(native.Client, 20_000, 2048, 200);
        var compliant = await native.Client.PutAsync("/tenants/acme", new System.Net.Http.StringContent(
            """{"owners":[{"kind":"User","name":"alice@acme.example"}],"runtimeClasses":["kata-qemu"]}""", System.Text.Encoding.UTF8, "application/json"));
        await attack;
        var after = native.ResidentBytes;
        Console.WriteLine($"MemoryAttackTests: RSS {before / 1024} KiB before, {after / 1024} KiB after 20,200 hostile events");

        Assert.Equal(System.Net.HttpStatusCode.Created, compliant.StatusCode);
        Assert.True(after - before < Budget * 3 / 2, $"RSS grew {(after - before) / 1024} KiB");
    }

    /// <summary>
    /// The GC settings of a Service in knative/, as its pod gets them. Outside a container there is no
    /// memory limit for the percentage to apply to, so the heap limit becomes that percentage of the
    /// Service's memory limit, in the plain hex the AOT runtime reads.
    /// </summary>
    private static (string Name, string Value)[] DeployedGcSettings(string service)
    {
        var manifest = File.ReadAllText(Path.Combine(Repository.Root, "knative", $"service-{service.Replace("kabin-", string.Empty, StringComparison.Ordinal)}.yaml"));
        var settings = System.Text.RegularExpressions.Regex.Matches(manifest, @"- name: (DOTNET_GC\w+)\s+value: ""?([0-9A-Fa-f]+)""?")
            .Select(match => (Name: match.Groups[1].Value, Value: match.Groups[2].Value))
            .ToList();
        var limit = System.Text.RegularExpressions.Regex.Match(manifest, @"limits:\s+(?:cpu: \S+\s+)?memory: (\d+)Mi").Groups[1].Value;
        var percent = settings.Single(setting => setting.Name == "DOTNET_GCHeapHardLimitPercent");
        settings.Remove(percent);
        var bytes = long.Parse(limit, System.Globalization.CultureInfo.InvariantCulture) * 1024 * 1024 * Convert.ToInt64(percent.Value, 16) / 100;
        settings.Add(("DOTNET_GCHeapHardLimit", bytes.ToString("X", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Contains(settings, setting => setting.Name == "DOTNET_GCgen0size");
        return [.. settings];
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
