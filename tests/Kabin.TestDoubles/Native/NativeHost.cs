using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Kabin.Security.Tests.Support;

/// <summary>The published Native AOT host (<c>KABIN_AOT_BINARY</c>, set by .ci/run) as its own process, whose resident memory can be read.</summary>
public sealed class NativeHost : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _state;

    private NativeHost(Process process, string state, Uri baseAddress)
    {
        _process = process;
        _state = state;
        Client = new HttpClient { BaseAddress = baseAddress };
    }

    public static string? Binary => Environment.GetEnvironmentVariable("KABIN_AOT_BINARY") is { Length: > 0 } path && File.Exists(path) ? path : null;

    public HttpClient Client { get; }

    /// <summary>VmRSS of the process, in bytes, from /proc.</summary>
    public long ResidentBytes
    {
        get
        {
            var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
    }

    public static async Task<NativeHost> StartAsync(string binary, params (string Name, string Value)[] environment)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var state = Path.Combine(Path.GetTempPath(), "kabin-security-aot", Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo(binary) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["PORT"] = port.ToString(CultureInfo.InvariantCulture);
        start.Environment["Kabin__State__Sqlite__Path"] = Path.Combine(state, "state.db");
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var host = new NativeHost(process, state, new Uri($"http://127.0.0.1:{port}/"));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            try
            {
                using var ready = await host.Client.GetAsync("/health/readiness", deadline.Token);
                if (ready.IsSuccessStatusCode)
                {
                    return host;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(50, deadline.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        if (Directory.Exists(_state))
        {
            Directory.Delete(_state, recursive: true);
        }
    }
}
