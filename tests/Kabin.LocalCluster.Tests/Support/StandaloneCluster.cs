using System.Diagnostics;
using System.Text.RegularExpressions;
using Kabin.TestDoubles.Kubectl;

namespace Kabin.LocalCluster.Tests.Support;

/// <summary>
/// The standalone local cluster as a user starts it (<c>Kabin.LocalCluster --port 0 --kubeconfig … --exec</c>),
/// as its own process, shared by the tests of a class; ready once it has written its kubeconfig.
/// </summary>
public sealed partial class StandaloneCluster : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "kabin-local-cluster-tests", Guid.NewGuid().ToString("N"));
    private readonly System.Text.StringBuilder _output = new();
    private Process? _process;

    public string KubeconfigPath => Path.Combine(_folder, "local-cluster.kubeconfig");

    public Kubectl Kubectl => new(KubeconfigPath);

    public Uri Server { get; private set; } = null!;

    /// <summary>What the cluster process printed so far (its last 64 KiB), for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "Kabin.LocalCluster.dll"), "--port", "0", "--kubeconfig", KubeconfigPath, "--exec", "--boot-delay", "kata-qemu=200ms" })
        {
            start.ArgumentList.Add(arg);
        }

        _process = Process.Start(start)!;
        // Drain both pipes: a child that fills one blocks on its next write.
        _process.OutputDataReceived += (_, line) => Keep(line.Data);
        _process.ErrorDataReceived += (_, line) => Keep(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!File.Exists(KubeconfigPath) || !Complete(await File.ReadAllTextAsync(KubeconfigPath, limit.Token)))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the local cluster exited {_process.ExitCode}: {Output}");
            }

            await Task.Delay(50, limit.Token);
        }

        Server = new Uri(ServerLine().Match(await File.ReadAllTextAsync(KubeconfigPath, limit.Token)).Groups[1].Value);
    }

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            _process.Dispose();
        }

        Directory.Delete(_folder, recursive: true);
    }

    private void Keep(string? line)
    {
        lock (_output)
        {
            if (line is not null && _output.Length < 64 * 1024)
            {
                _output.AppendLine(line);
            }
        }
    }

    private static bool Complete(string kubeconfig) => ServerLine().IsMatch(kubeconfig) && kubeconfig.Contains("token: ", StringComparison.Ordinal);

    [GeneratedRegex("server: \"(https://[^\"]+)\"")]
    private static partial Regex ServerLine();
}
