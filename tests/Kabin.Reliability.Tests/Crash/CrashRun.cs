using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Kabin.LocalCluster;
using Kabin.Reliability.Tests.Support;
using Kabin.TestDoubles.Native;
using Kabin.TestDoubles.Sink;
using Microsoft.Data.Sqlite;

namespace Kabin.Reliability.Tests.Crash;

/// <summary>
/// Sends a stream to the native host as Knative would: one event at a time, each until it gets an
/// answer Knative does not retry. With a kill point, the host gets SIGKILL a random few
/// milliseconds into that event's delivery, is started again on the same SQLite file, and gets the
/// unanswered event again before the stream goes on. What is left is read back for comparison.
/// </summary>
internal static class CrashRun
{
    private static readonly string[] ListPaths =
    [
        "api/v1/namespaces", "api/v1/resourcequotas", "api/v1/limitranges", "api/v1/serviceaccounts", "api/v1/pods",
        "apis/networking.k8s.io/v1/networkpolicies", "apis/rbac.authorization.k8s.io/v1/roles",
        "apis/rbac.authorization.k8s.io/v1/rolebindings", "apis/eventing.knative.dev/v1alpha1/eventpolicies",
    ];

    public static async Task<CrashOutcome> RunAsync(string binary, IReadOnlyList<CrashStep> steps, CrashPoint? crash = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "kabin-crash", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        await using var server = await KubeApiServerDouble.StartAsync();
        await using var sink = await SinkReceiver.StartAsync();
        var kubeconfig = server.WriteKubeconfig(Path.Combine(folder, "kubeconfig.yaml"));
        (string, string)[] environment =
        [
            ("Kabin__Cluster__Mode", "apply"), ("Kabin__Cluster__Kubeconfig", kubeconfig), ("K_SINK", sink.Url.ToString()),
            ("Kabin__Sandboxes__ClaimLeaseSeconds", "1"), ("Kabin__Sandboxes__FinishedPodRetentionSeconds", "0"),
        ];
        var host = await NativeHost.StartOnAsync(binary, folder, environment);
        var replies = new Dictionary<string, string>(StringComparer.Ordinal);
        var durations = new TimeSpan[steps.Count];
        var lastShortRequest = DateTimeOffset.MinValue;
        var cutShort = false;
        try
        {
            for (var index = 0; index < steps.Count; index++)
            {
                var step = steps[index];
                if (step.AfterShortTtls && lastShortRequest + TimeSpan.FromSeconds(CrashStream.ShortTtlSeconds + 0.5) - DateTimeOffset.UtcNow is { Ticks: > 0 } wait)
                {
                    await Task.Delay(wait);
                }

                step.Prepare?.Invoke(server);
                var data = step.Data(server);
                Delivery? answer = null;
                if (crash?.Step == index)
                {
                    answer = await DeliverAndKillAsync(host, step, data, crash.Delay);
                    cutShort = answer is null;
                    host = await NativeHost.StartOnAsync(binary, folder, environment);
                }

                var started = Stopwatch.GetTimestamp();
                answer ??= await UntilSettledAsync(host.Client, step, data);
                durations[index] = Stopwatch.GetElapsedTime(started);
                Record(replies, step, answer);
                if (step.Type == "dev.kabin.sandbox.requested" && data["ttlSeconds"]!.GetValue<int>() == CrashStream.ShortTtlSeconds)
                {
                    lastShortRequest = DateTimeOffset.UtcNow;
                }
            }
        }
        finally
        {
            await host.DisposeAsync();
        }

        var outcome = new CrashOutcome(
            await ClusterAsync(server), State(Path.Combine(folder, "state.db")), Emitted(replies, sink.Received), durations, cutShort);
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
        return outcome;
    }

    /// <summary>The delivery during which the host dies; its answer, if it came before the kill and is not one Knative retries.</summary>
    private static async Task<Delivery?> DeliverAndKillAsync(NativeHost host, CrashStep step, JsonNode data, TimeSpan delay)
    {
        var sent = Stopwatch.GetTimestamp();
        var delivery = Deliveries.SendAsync(host.Client, step.Type, data, step.Id);
        while (Stopwatch.GetElapsedTime(sent) < delay)
        {
            // Spinning, not Task.Delay: the kill must land within a delivery that takes a few milliseconds.
            Thread.SpinWait(100);
        }

        await host.KillAsync();
        try
        {
            var answer = await delivery;
            return Deliveries.IsRetried(answer.Status) ? null : answer;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static async Task<Delivery> UntilSettledAsync(HttpClient client, CrashStep step, JsonNode data)
    {
        for (var attempt = 1; attempt <= 100; attempt++)
        {
            var delivery = await Deliveries.SendAsync(client, step.Type, data, step.Id);
            if (!Deliveries.IsRetried(delivery.Status))
            {
                Assert.True(delivery.Status is HttpStatusCode.OK or HttpStatusCode.Accepted, $"{step}: {(int)delivery.Status} {delivery.Body}");
                return delivery;
            }

            // A claim the killed host held runs out after its lease (a second here).
            await Task.Delay(100);
        }

        throw new Xunit.Sdk.XunitException($"{step} was still answered with a retry after 100 deliveries.");
    }

    private static void Record(Dictionary<string, string> replies, CrashStep step, Delivery answer)
    {
        if (answer.ReplyType is null)
        {
            return;
        }

        var line = $"{answer.ReplyType} {Normalized.Of(answer.Data)}";
        if (replies.TryGetValue(answer.ReplyId!, out var earlier))
        {
            Assert.True(earlier == line, $"{step}: reply {answer.ReplyId} was {earlier} before and is {line} now");
        }

        replies[answer.ReplyId!] = line;
    }

    private static string Emitted(Dictionary<string, string> replies, IReadOnlyCollection<ReceivedRequest> published)
    {
        var events = new SortedDictionary<string, string>(replies, StringComparer.Ordinal);
        foreach (var request in published.Where(request => request.AnsweredWith < 300))
        {
            var id = request.Header("ce-id")!;
            var line = $"{request.Header("ce-type")} {Normalized.Of(JsonNode.Parse(request.Body))}";
            Assert.True(!events.TryGetValue(id, out var earlier) || earlier == line, $"event {id} was {earlier} and is {line} too");
            events[id] = line;
        }

        return string.Join('\n', events.Select(pair => $"{pair.Key} {pair.Value}"));
    }

    private static async Task<string> ClusterAsync(KubeApiServerDouble server)
    {
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        var lines = new List<string>();
        foreach (var path in ListPaths)
        {
            var list = JsonNode.Parse(await client.GetStringAsync(path))!;
            lines.AddRange(list["items"]!.AsArray().Select(item => $"{path} {Normalized.Of(item)}"));
        }

        lines.Sort(StringComparer.Ordinal);
        return string.Join('\n', lines);
    }

    private static string State(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT key, value FROM state ORDER BY key;";
        using var reader = command.ExecuteReader();
        var lines = new StringBuilder();
        while (reader.Read())
        {
            if (reader.GetString(0).StartsWith("sandbox-due/", StringComparison.Ordinal))
            {
                // Named by the wall-clock minute something comes due, which differs between two runs.
                continue;
            }

            lines.Append(reader.GetString(0)).Append(' ').Append(Normalized.Of(JsonNode.Parse((byte[])reader.GetValue(1)))).Append('\n');
        }

        return lines.ToString();
    }
}

/// <summary>Where a run's host is killed: during the delivery of step <see cref="Step"/>, <see cref="Delay"/> after it was sent.</summary>
internal sealed record CrashPoint(int Step, TimeSpan Delay);

/// <summary>
/// What a run left: cluster objects, state records and emitted events (by id), each normalized and
/// sorted; how long each step's delivery took, so that a kill can be aimed inside one; and whether
/// the kill came before the host answered.
/// </summary>
internal sealed record CrashOutcome(string Cluster, string State, string Emitted, IReadOnlyList<TimeSpan> Durations, bool CutShort);
