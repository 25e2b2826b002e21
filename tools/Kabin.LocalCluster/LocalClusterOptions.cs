using System.Globalization;

namespace Kabin.LocalCluster;

/// <summary>How a local cluster runs: the command line's options, and what a test starts in-process.</summary>
public sealed record LocalClusterOptions
{
    /// <summary>The port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>Where <c>--kubeconfig</c> writes the kubeconfig for kubectl and Kabin.</summary>
    public string? KubeconfigPath { get; init; }

    /// <summary>Where the simulated ApiServerSource posts pod events; none when null.</summary>
    public Uri? Sink { get; init; }

    /// <summary>Each runtime class's boot delay (<c>--boot-delay kata-qemu=700ms</c>); the key <c>default</c> is every other class's.</summary>
    public IReadOnlyDictionary<string, TimeSpan> BootDelays { get; init; } = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);

    /// <summary>Run containers' and exec'd commands as real local processes, each pod in its own root folder (<c>--exec</c>).</summary>
    public bool Exec { get; init; }

    /// <summary>Run the simulated kubelet (pods bound, booted, run, ended). On for the standalone cluster.</summary>
    public bool Kubelet { get; init; }

    /// <summary>Run agent-sandbox's controllers for Sandbox, SandboxWarmPool and SandboxClaim (<c>--agent-sandbox</c>); needs the kubelet to boot their pods.</summary>
    public bool AgentSandbox { get; init; }

    /// <summary>
    /// Serve HTTPS with a CA of its own (written into the kubeconfig) and accept client certificates
    /// it signed. On for the standalone cluster: kubectl sends no bearer token over plain HTTP, so
    /// <c>--http</c> also turns authentication off.
    /// </summary>
    public bool Tls { get; init; }

    /// <summary>Refuse unknown credentials (401) and authorize every request by RBAC; off in-process unless a test asks.</summary>
    public bool Secure { get; init; }

    /// <summary>How many changes a watch or a continue token can resume across before 410 Gone (etcd's compaction, in small).</summary>
    public int WatchWindow { get; init; } = 10_000;

    public TimeSpan BootDelayOf(string runtimeClass) =>
        BootDelays.TryGetValue(runtimeClass, out var delay) || BootDelays.TryGetValue("default", out delay) ? delay : TimeSpan.Zero;

    /// <summary>Reads the command line; throws <see cref="ArgumentException"/> with what is wrong.</summary>
    public static LocalClusterOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new LocalClusterOptions { Port = 6443, Kubelet = true, Secure = true, Tls = true };
        var delays = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--port" => options with { Port = int.TryParse(Value(), CultureInfo.InvariantCulture, out var port) && port is >= 0 and <= 65535 ? port : throw new ArgumentException("--port takes a port number") },
                "--kubeconfig" => options with { KubeconfigPath = Value() },
                "--sink" => options with { Sink = Uri.TryCreate(Value(), UriKind.Absolute, out var sink) && sink.Scheme is "http" or "https" ? sink : throw new ArgumentException("--sink takes an http(s) URL") },
                "--boot-delay" => AddDelay(options, delays, Value()),
                "--exec" => options with { Exec = true },
                "--http" => options with { Tls = false, Secure = false },
                "--no-kubelet" => options with { Kubelet = false },
                "--agent-sandbox" => options with { AgentSandbox = true },
                "--insecure" => options with { Secure = false },
                var other => throw new ArgumentException($"unknown option {other}"),
            };
        }

        return options with { BootDelays = delays };
    }

    private static LocalClusterOptions AddDelay(LocalClusterOptions options, Dictionary<string, TimeSpan> delays, string value)
    {
        var parts = value.Split('=', 2);
        if (parts.Length != 2 || parts[0].Length == 0 || ParseDuration(parts[1]) is not { } delay)
        {
            throw new ArgumentException($"--boot-delay takes CLASS=DURATION (e.g. kata-qemu=700ms, default=1s), not '{value}'");
        }

        delays[parts[0]] = delay;
        return options;
    }

    private static TimeSpan? ParseDuration(string text)
    {
        var (number, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 1.0)
            : text.EndsWith('s') ? (text[..^1], 1000.0)
            : text.EndsWith('m') ? (text[..^1], 60_000.0)
            : (text, double.NaN);
        return double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0 && !double.IsNaN(unit)
            ? TimeSpan.FromMilliseconds(value * unit)
            : null;
    }
}
