using System.Diagnostics;
using System.Net;

namespace Kabin.Host.Tests.Support;

/// <summary>The published native binary, started on a free loopback port and stopped with SIGTERM.</summary>
public sealed class NativeHostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _stateFolder;

    private NativeHostProcess(Process process, string stateFolder, Uri baseAddress)
    {
        _process = process;
        _stateFolder = stateFolder;
        Client = new HttpClient { BaseAddress = baseAddress };
    }

    public HttpClient Client { get; }

    public static async Task<NativeHostProcess> StartAsync(string binary, TimeSpan readyWithin)
    {
        var port = Kabin.TestDoubles.LoopbackPorts.Free();
        var stateFolder = Path.Combine(Path.GetTempPath(), "kabin-aot-tests", Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo(binary) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Kabin__State__Sqlite__Path"] = Path.Combine(stateFolder, "state.db");
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {binary}.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var host = new NativeHostProcess(process, stateFolder, new Uri($"http://127.0.0.1:{port}/"));
        await host.WaitUntilReadyAsync(readyWithin);
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            // SIGTERM, as Kubernetes stops a pod; the host shuts down gracefully.
            using var terminate = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await terminate.WaitForExitAsync();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(wait.Token);
        }

        _process.Dispose();
        if (Directory.Exists(_stateFolder))
        {
            Directory.Delete(_stateFolder, recursive: true);
        }
    }

    private async Task WaitUntilReadyAsync(TimeSpan within)
    {
        using var deadline = new CancellationTokenSource(within);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The native host exited with {_process.ExitCode} before it was ready.");
            }

            try
            {
                using var response = await Client.GetAsync(new Uri("/health/readiness", UriKind.Relative), deadline.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), deadline.Token);
        }
    }
}
