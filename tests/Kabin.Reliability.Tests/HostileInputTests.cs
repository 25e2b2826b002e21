using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Kabin.Cluster;
using Kabin.Policy;
using Kabin.Reliability.Tests.Support;
using Kabin.Tenants;
using Microsoft.Extensions.DependencyInjection;

namespace Kabin.Reliability.Tests;

/// <summary>
/// Ten thousand generated hostile requests across POST / and both admission webhooks, against one
/// host with two tenants: each is refused with a clear 4xx (or a rejection the function defines),
/// nothing is admitted that the engine would deny, the host stays up, its memory stays bounded and
/// nothing of the requests' data or credentials reaches the logs.
/// </summary>
public sealed class HostileInputTests(TwoTenantHostFixture fixture) : IClassFixture<TwoTenantHostFixture>
{
    private const int CorpusSize = 10_000;

    [Fact]
    public async Task Ten_thousand_hostile_requests_are_refused_clearly_and_nothing_is_admitted_by_a_fault()
    {
        // Arrange
        var host = fixture.Host;
        var judge = new AnswerJudge(
            host.Services.GetRequiredService<IPolicyEngine>(), host.Services.GetRequiredService<ITenantDirectory>(),
            new HashSet<string>(StringComparer.Ordinal) { "tenant-acme", "tenant-beta" });
        var corpus = HostileCorpus.Generate(CorpusSize, seed: 9).ToList();
        await SendAllAsync(host, corpus.Take(300).ToList(), judge); // warm up before measuring memory
        var heapBefore = HeapAfterFullCollection();
        var failures = new ConcurrentBag<string>();

        // Act
        var kinds = await SendAllAsync(host, corpus.Skip(300).ToList(), judge, failures);
        var heapAfter = HeapAfterFullCollection();
        var workingSet = Process.GetCurrentProcess().WorkingSet64;
        var liveness = await host.Client.GetAsync(new Uri("/health/liveness", UriKind.Relative));
        var check = await Deliveries.SendAsync(host.Client, "dev.kabin.policy.check.requested",
            new System.Text.Json.Nodes.JsonObject { ["tenant"] = "acme", ["object"] = HostileCorpus.PodIn("tenant-acme") });

        // Assert
        var exceptions = host.Logs.Lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal))
            .Select(l => l[(l.LastIndexOf(" | ", StringComparison.Ordinal) + 3)..].Split('\n')[0..2]).Select(l => string.Join(" ", l)).Distinct();
        Assert.True(failures.IsEmpty, $"{failures.Count} bad answers, e.g.:\n{string.Join('\n', failures.Distinct().Take(25))}\nerrors logged:\n{string.Join('\n', exceptions.Take(10))}");
        Assert.True(kinds.Count >= 18, $"only {kinds.Count} kinds: {string.Join(", ", kinds.Keys)}");
        Assert.Equal(HttpStatusCode.OK, liveness.StatusCode);
        Assert.Equal("true", check.Data?["allowed"]?.ToJsonString());
        // Bounded memory: what survives a full collection grows by less than 64 MiB over 9,700 requests
        // (several of them over 1 MiB each), and the whole test process stays under 1 GiB.
        Assert.True(heapAfter - heapBefore < 64L << 20, $"managed heap grew from {heapBefore >> 20} MiB to {heapAfter >> 20} MiB");
        Assert.True(workingSet < 1L << 30, $"working set {workingSet >> 20} MiB");
    }

    [Fact]
    public async Task Hostile_requests_create_nothing_in_another_tenants_namespace_and_no_new_tenant()
    {
        // Arrange
        var host = fixture.Host;
        var cluster = host.Services.GetRequiredService<IClusterClient>();
        var corpus = HostileCorpus.Generate(1_500, seed: 90).ToList();

        // Act
        await SendAllAsync(host, corpus, judge: null);
        var betaPods = await cluster.ListAsync("v1", "Pod", "tenant-beta", string.Empty, CancellationToken.None);
        var namespaces = await cluster.ListAsync("v1", "Namespace", null, string.Empty, CancellationToken.None);

        // Assert
        Assert.Empty(betaPods);
        Assert.Equal(["tenant-acme", "tenant-beta"], namespaces.Select(n => n["metadata"]!["name"]!.GetValue<string>()).Order().ToArray());
    }

    [Fact]
    public async Task Logs_of_hostile_requests_carry_neither_event_data_nor_the_authorization_header()
    {
        // Arrange
        var host = fixture.Host;
        var corpus = HostileCorpus.Generate(2_000, seed: 900).ToList();

        // Act
        await SendAllAsync(host, corpus, judge: null);
        var lines = host.Logs.Lines;

        // Assert: the host did log (refusals and failures), yet never the data or the token.
        Assert.Contains(lines, line => line.Contains("Rejected the request", StringComparison.Ordinal));
        var leaking = lines.FirstOrDefault(line => line.Contains(HostileCorpus.Secret, StringComparison.Ordinal));
        Assert.True(leaking is null, leaking);
        Assert.DoesNotContain(lines, line => line.Contains(HostileCorpus.BearerToken, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains("Authorization", StringComparison.OrdinalIgnoreCase));
    }

    private static async Task<IReadOnlyDictionary<string, int>> SendAllAsync(
        ReliabilityHost host, IReadOnlyList<HostileRequest> corpus, AnswerJudge? judge, ConcurrentBag<string>? failures = null)
    {
        var kinds = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(corpus, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (hostile, cancellationToken) =>
        {
            kinds.AddOrUpdate(hostile.Kind, 1, (_, n) => n + 1);
            using var request = hostile.Request;
            HttpResponseMessage response;
            try
            {
                response = await host.Client.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException e) when (hostile.Kind.StartsWith("OverLimit", StringComparison.Ordinal) && e.InnerException is IOException)
            {
                // Kestrel answers 413 and closes the connection while a chunked upload is still being written:
                // the sender sees a broken pipe. Refused all the same; the host's liveness is checked afterwards.
                kinds.AddOrUpdate("OverLimitConnectionClosed", 1, (_, n) => n + 1);
                return;
            }

            using var _ = response;
            if (judge is not null && await judge.JudgeAsync(hostile, response) is { } problem)
            {
                failures?.Add($"{hostile.Kind} {request.RequestUri}: {problem}");
            }
        });
        return kinds;
    }

    private static long HeapAfterFullCollection()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
