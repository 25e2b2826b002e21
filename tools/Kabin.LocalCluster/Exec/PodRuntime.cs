using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace Kabin.LocalCluster;

/// <summary>
/// Runs containers' and exec'd commands as real local processes when <c>--exec</c> is on: each pod
/// gets its own root folder (its <c>/work</c> and <c>/tmp</c> are the pod's, never the host's), the
/// host's <c>/usr</c>, <c>/lib</c> and <c>/etc</c> bound into it read-only in a private mount
/// namespace (<c>unshare</c>, as a user namespace when not root), and <c>chroot</c> into it.
/// This confines files, not processes: never run untrusted input with it.
/// </summary>
public sealed class PodRuntime : IDisposable
{
    private const int LogLimit = 64 * 1024;
    private const string Script = """
        set -e
        root=$1; dir=$2; shift 2
        for d in usr bin lib lib32 lib64 libx32 sbin etc; do
          [ -e "/$d" ] || continue
          if [ -L "/$d" ]; then
            [ -e "$root/$d" ] || [ -L "$root/$d" ] || ln -s "$(readlink "/$d")" "$root/$d"
          else
            mkdir -p "$root/$d"; mount --bind "/$d" "$root/$d"; mount -o remount,bind,ro "$root/$d"
          fi
        done
        mkdir -p "$root/tmp" "$root/work" "$root/dev"
        for n in null zero random urandom; do
          [ -e "$root/dev/$n" ] || : > "$root/dev/$n"
          mount --bind "/dev/$n" "$root/dev/$n"
        done
        exec chroot "$root" /bin/sh -c 'mkdir -p "$1" && cd "$1" && shift && exec "$@"' pod "$dir" "$@"
        """;

    private readonly string _roots;
    private readonly ConcurrentDictionary<string, Process> _containers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StringBuilder> _logs = new(StringComparer.Ordinal);

    public PodRuntime(bool enabled, string? rootsDirectory = null)
    {
        Enabled = enabled;
        // One folder per cluster: two clusters in one test process must not delete each other's pods' roots.
        _roots = rootsDirectory ?? Path.Combine(Path.GetTempPath(), $"kabin-local-cluster-{Environment.ProcessId}-{Guid.NewGuid():N}");
    }

    public bool Enabled { get; }

    /// <summary>The folder that is <c>/</c> for the pod with this uid.</summary>
    public string RootOf(string podUid) => Path.Combine(_roots, podUid);

    /// <summary>Starts a process for <paramref name="argv"/> inside the pod's root, with the container's environment and working directory.</summary>
    public Process Start(JsonObject pod, IReadOnlyList<string> argv, string? containerName, bool redirectStdin)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(argv);
        if (!Enabled)
        {
            throw new InvalidOperationException("commands run only when the local cluster was started with --exec");
        }

        if (argv.Count == 0)
        {
            throw ApiStatusException.BadRequest("you must specify at least one command for the container");
        }

        var container = ContainerOf(pod, containerName);
        var root = RootOf(pod["metadata"]!["uid"]!.ToString());
        Directory.CreateDirectory(Path.Combine(root, "work"));
        var start = new ProcessStartInfo("unshare")
        {
            RedirectStandardInput = redirectStdin,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var flag in Environment.IsPrivilegedProcess ? ["--mount", "--fork", "--kill-child", "--propagation", "private"] : new[] { "--user", "--map-root-user", "--mount", "--fork", "--kill-child", "--propagation", "private" })
        {
            start.ArgumentList.Add(flag);
        }

        foreach (var argument in new[] { "/bin/sh", "-c", Script, "kabin-pod", root, container?["workingDir"]?.ToString() ?? "/" }.Concat(argv))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        start.Environment["HOME"] = "/work";
        start.Environment["HOSTNAME"] = pod["metadata"]!["name"]!.ToString();
        foreach (var variable in (container?["env"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (variable["name"]?.ToString() is { Length: > 0 } name && variable["value"] is { } value)
            {
                start.Environment[name] = value.ToString();
            }
        }

        return Process.Start(start) ?? throw new InvalidOperationException("unshare did not start");
    }

    /// <summary>Runs the pod's first container's command (command + args) as its main process; null when it names none (the pod then just runs).</summary>
    public Process? StartContainer(JsonObject pod)
    {
        var container = ContainerOf(pod, null);
        var argv = (container?["command"] as JsonArray ?? []).Concat(container?["args"] as JsonArray ?? []).Select(a => a!.ToString()).ToArray();
        if (!Enabled || argv.Length == 0)
        {
            return null;
        }

        var uid = pod["metadata"]!["uid"]!.ToString();
        var process = Start(pod, argv, null, redirectStdin: false);
        var log = _logs.GetOrAdd(uid, _ => new StringBuilder());
        void Capture(object? sender, DataReceivedEventArgs line)
        {
            lock (log)
            {
                if (line.Data is not null && log.Length < LogLimit)
                {
                    log.Append(line.Data).Append('\n');
                }
            }
        }

        process.OutputDataReceived += Capture;
        process.ErrorDataReceived += Capture;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _containers[uid] = process;
        return process;
    }

    public string LogOf(string podUid)
    {
        if (!_logs.TryGetValue(podUid, out var log))
        {
            return string.Empty;
        }

        lock (log)
        {
            return log.ToString();
        }
    }

    /// <summary>Stops the pod's main process (its whole process tree) and forgets its root folder.</summary>
    /// <summary>
    /// Stops the pod's main process as the kubelet does: SIGTERM, then SIGKILL once
    /// <paramref name="grace"/> has passed; then forgets its root folder.
    /// </summary>
    public async Task StopAsync(string podUid, TimeSpan grace)
    {
        if (_containers.TryRemove(podUid, out var process))
        {
            // unshare forked the pod's process (which exec'd into the command): signal that one;
            // unshare itself would only pass SIGKILL on (--kill-child).
            foreach (var child in ChildrenOf(process.Id))
            {
                using var term = Process.Start("kill", ["-TERM", child.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                await term.WaitForExitAsync();
            }

            using var limit = new CancellationTokenSource(grace);
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                // The grace period is over: killed below, as the kubelet does.
            }

            Kill(process);
        }

        Stop(podUid);
    }

    public void Stop(string podUid)
    {
        if (_containers.TryRemove(podUid, out var process))
        {
            Kill(process);
        }

        _logs.TryRemove(podUid, out _);
        TryDelete(RootOf(podUid));
    }

    public void Dispose()
    {
        foreach (var uid in _containers.Keys.ToArray())
        {
            Stop(uid);
        }

        TryDelete(_roots);
    }

    internal static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It ended on its own in between.
        }
    }

    private static IEnumerable<int> ChildrenOf(int pid)
    {
        try
        {
            return [.. File.ReadAllText($"/proc/{pid}/task/{pid}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse)];
        }
        catch (IOException)
        {
            return [];
        }
    }

    private static JsonObject? ContainerOf(JsonObject pod, string? name)
    {
        var containers = (pod["spec"]?["containers"] as JsonArray ?? []).OfType<JsonObject>().ToArray();
        return name is null ? containers.FirstOrDefault()
            : containers.FirstOrDefault(c => c["name"]?.ToString() == name) ?? throw ApiStatusException.BadRequest($"container {name} is not valid for pod {pod["metadata"]?["name"]}");
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // A mount still held by a dying process: the temporary folder is left for the OS to clean.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
