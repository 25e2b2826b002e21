using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Kabin.LocalCluster;

/// <summary>
/// A kubelet for one node, driven by a watch on pods: it binds each new pod to the node, moves it
/// Pending → Running after its runtime class's boot delay (pod IP, container statuses,
/// conditions), runs its command with <c>--exec</c> and ends it Succeeded or Failed by the exit
/// code, ends it Failed with reason DeadlineExceeded after <c>activeDeadlineSeconds</c>, and on
/// deletion sends its process SIGTERM, SIGKILL after the grace period, and then lets it go.
/// </summary>
internal sealed class SimulatedKubelet(ObjectStore store, ApiResourceCatalog catalog, PodRuntime runtime, LocalClusterOptions options) : IAsyncDisposable
{
    public const string NodeName = "kabin-local-node";
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _pods = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _terminating = new(StringComparer.Ordinal);
    private int _nextAddress = 1;
    private Task _loop = Task.CompletedTask;

    public void Start()
    {
        var pods = catalog.ByKind("v1", "Pod");
        store.Seed(new ObjectKey(catalog.ByKind("v1", "Node"), null, NodeName), Node());
        var subscription = store.Watch((key, _) => key.Resource == pods, null);
        _loop = Task.Run(async () =>
        {
            using (subscription)
            {
                await foreach (var change in subscription.ReadAllAsync(_stopping.Token))
                {
                    try
                    {
                        Observe(change);
                    }
                    catch (Exception bug) when (bug is InvalidOperationException or NullReferenceException or FormatException)
                    {
                        // A defect here must not stop every other pod: say so and go on.
                        await Console.Error.WriteLineAsync($"kabin-local-cluster: kubelet failed on {change.Key.Name}: {bug}");
                    }
                }
            }
        });
    }

    private void Observe(WatchEvent change)
    {
        var uid = change.Object["metadata"]!["uid"]!.ToString();
        if (change.Type == "DELETED")
        {
            Forget(uid);
            return;
        }

        if (change.Object["metadata"]?["deletionTimestamp"] is not null)
        {
            if (_pods.TryRemove(uid, out var running))
            {
                running.Cancel();
                running.Dispose();
            }

            if (_terminating.TryAdd(uid, 0))
            {
                var grace = TimeSpan.FromSeconds(JsonNumbers.Long(change.Object["metadata"]?["deletionGracePeriodSeconds"]) ?? 0);
                _ = TerminateAsync(change.Key, uid, grace);
            }

            return;
        }

        if (change.Object["spec"]?["nodeName"] is null && _pods.TryAdd(uid, CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token)))
        {
            _ = RunAsync(change.Key, uid, _pods[uid].Token);
        }
    }

    /// <summary>SIGTERM, up to the grace period, SIGKILL; then the pod may go.</summary>
    private async Task TerminateAsync(ObjectKey key, string uid, TimeSpan grace)
    {
        try
        {
            await runtime.StopAsync(uid, grace);
            store.FinishTermination(key);
        }
        finally
        {
            _terminating.TryRemove(uid, out _);
        }
    }

    private async Task RunAsync(ObjectKey key, string uid, CancellationToken cancellationToken)
    {
        try
        {
            var now = Timestamp();
            store.Update(key, pod =>
            {
                pod["spec"]!["nodeName"] = NodeName;
                pod["status"] = new JsonObject
                {
                    ["phase"] = "Pending",
                    ["conditions"] = new JsonArray(Condition("PodScheduled", "True", now)),
                    ["qosClass"] = "Guaranteed",
                };
            });
            var pod = store.Get(key);
            var runtimeClass = pod?["spec"]?["runtimeClassName"]?.ToString() ?? string.Empty;
            await Task.Delay(options.BootDelayOf(runtimeClass), store.Time, cancellationToken);
            pod = store.Get(key);
            if (pod is null || pod["metadata"]?["deletionTimestamp"] is not null)
            {
                return;
            }

            // The container starts before the pod is reported Running (as a kubelet does): a deletion
            // that follows Running then always finds a process to signal, never one about to start.
            var started = Timestamp();
            var address = $"10.244.0.{Interlocked.Increment(ref _nextAddress) % 250 + 2}";
            var process = runtime.StartContainer(pod);
            if (cancellationToken.IsCancellationRequested)
            {
                // Deleted while it started: the termination may have found no process yet, so stop it here.
                runtime.Stop(uid);
                return;
            }

            store.Update(key, p => p["status"] = Running(p, started, address));
            var exit = process is null ? Task.Delay(Timeout.Infinite, cancellationToken) : process.WaitForExitAsync(cancellationToken);
            var timer = DeadlineAsync(key, store.Time.GetUtcNow(), cancellationToken);
            var first = await Task.WhenAny(exit, timer);
            await first;
            if (first == timer)
            {
                runtime.Stop(uid);
                store.Update(key, p => End(p, "Failed", 137, "DeadlineExceeded", "Pod was active on the node longer than the specified deadline"));
                return;
            }

            var code = process!.ExitCode;
            store.Update(key, p => End(p, code == 0 ? "Succeeded" : "Failed", code, null, null));
        }
        catch (OperationCanceledException)
        {
            // The pod is being deleted, or the node stops.
        }
        catch (Exception bug) when (bug is InvalidOperationException or NullReferenceException or FormatException or System.ComponentModel.Win32Exception)
        {
            // A pod the kubelet cannot run fails, visibly, instead of staying Pending for ever.
            store.Update(key, p => p["status"] = new JsonObject { ["phase"] = "Failed", ["reason"] = "KubeletError", ["message"] = bug.Message });
        }
    }

    /// <summary>
    /// Ends when the pod has been active for its <c>activeDeadlineSeconds</c>, read again as it
    /// changes: the field can be added to a running pod or lowered, and a kubelet honours that.
    /// </summary>
    private async Task DeadlineAsync(ObjectKey key, DateTimeOffset started, CancellationToken cancellationToken)
    {
        while (true)
        {
            var seconds = JsonNumbers.Long(store.Get(key)?["spec"]?["activeDeadlineSeconds"]);
            var left = seconds is { } s ? started.AddSeconds(s) - store.Time.GetUtcNow() : TimeSpan.FromSeconds(1);
            if (seconds is not null && left <= TimeSpan.Zero)
            {
                return;
            }

            await Task.Delay(left, store.Time, cancellationToken);
        }
    }

    private static JsonObject Running(JsonObject pod, string started, string address)
    {
        var statuses = new JsonArray();
        foreach (var container in (pod["spec"]?["containers"] as JsonArray ?? []).OfType<JsonObject>())
        {
            statuses.Add(new JsonObject
            {
                ["name"] = container["name"]?.DeepClone(),
                ["image"] = container["image"]?.DeepClone(),
                ["imageID"] = string.Empty,
                ["containerID"] = "kabin-local://" + Guid.NewGuid().ToString("N")[..12],
                ["ready"] = true,
                ["started"] = true,
                ["restartCount"] = 0,
                ["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = started } },
            });
        }

        var status = (JsonObject)(pod["status"]?.DeepClone() ?? new JsonObject());
        status["phase"] = "Running";
        status["hostIP"] = "10.244.0.1";
        status["podIP"] = address;
        status["podIPs"] = new JsonArray(new JsonObject { ["ip"] = address });
        status["startTime"] = started;
        status["conditions"] = new JsonArray(
            Condition("PodScheduled", "True", started), Condition("Initialized", "True", started),
            Condition("ContainersReady", "True", started), Condition("Ready", "True", started));
        status["containerStatuses"] = statuses;
        return status;
    }

    private static void End(JsonObject pod, string phase, int exitCode, string? reason, string? message)
    {
        var ended = Timestamp();
        var status = (JsonObject)pod["status"]!;
        status["phase"] = phase;
        if (reason is not null)
        {
            status["reason"] = reason;
            status["message"] = message;
        }

        foreach (var container in (status["containerStatuses"] as JsonArray ?? []).OfType<JsonObject>())
        {
            container["ready"] = false;
            container["started"] = false;
            container["state"] = new JsonObject
            {
                ["terminated"] = new JsonObject { ["exitCode"] = exitCode, ["reason"] = exitCode == 0 ? "Completed" : "Error", ["finishedAt"] = ended },
            };
        }

        status["conditions"] = new JsonArray(Condition("Ready", "False", ended), Condition("ContainersReady", "False", ended));
    }

    private static JsonObject Condition(string type, string value, string at) =>
        new() { ["type"] = type, ["status"] = value, ["lastTransitionTime"] = at };

    private static string Timestamp() => DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static JsonObject Node() => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Node",
        ["metadata"] = new JsonObject { ["name"] = NodeName, ["labels"] = new JsonObject { ["kubernetes.io/hostname"] = NodeName, ["katacontainers.io/kata-runtime"] = "true" } },
        ["spec"] = new JsonObject(),
    };

    private void Forget(string uid)
    {
        if (_pods.TryRemove(uid, out var running))
        {
            running.Cancel();
            running.Dispose();
        }

        runtime.Stop(uid);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }

        _stopping.Dispose();
    }
}
