using System.Diagnostics;
using System.Globalization;

namespace Kabin.TestDoubles.Native;

/// <summary>
/// The published Native AOT host (<c>KABIN_AOT_BINARY</c>, set by .ci/run) as its own process:
/// its resident memory can be read, and it can be killed with SIGKILL and started again on the
/// same SQLite state, as a pod that is OOM-killed or evicted is.
/// </summary>
public sealed class NativeHost : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _state;
    private readonly bool _ownsState;

    private NativeHost(Process process, string state, bool ownsState, Uri baseAddress)
    {
        _process = process;
        _state = state;
        _ownsState = ownsState;
        Client = new HttpClient { BaseAddress = baseAddress };
    }

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

    /// <summary>Starts the binary with a fresh state folder that is deleted on dispose.</summary>
    public static Task<NativeHost> StartAsync(string binary, params (string Name, string Value)[] environment) =>
        StartAsync(binary, Path.Combine(Path.GetTempPath(), "kabin-aot", Guid.NewGuid().ToString("N")), ownsState: true, environment);

    /// <summary>Starts the binary on <paramref name="stateFolder"/>, which outlives the process (the caller deletes it).</summary>
    public static Task<NativeHost> StartOnAsync(string binary, string stateFolder, params (string Name, string Value)[] environment) =>
        StartAsync(binary, stateFolder, ownsState: false, environment);

    /// <summary>SIGKILL, as the kernel's OOM killer sends: no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            // One kill(2): the host has no children, and walking the process tree would take milliseconds.
            _process.Kill();
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await KillAsync();
        _process.Dispose();
        if (_ownsState && Directory.Exists(_state))
        {
            Directory.Delete(_state, recursive: true);
        }
    }

    private static async Task<NativeHost> StartAsync(string binary, string state, bool ownsState, (string Name, string Value)[] environment)
    {
        var port = LoopbackPorts.Free();
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
        var host = new NativeHost(process, state, ownsState, new Uri($"http://127.0.0.1:{port}/"));
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

            if (process.HasExited)
            {
                throw new InvalidOperationException($"The native host exited with {process.ExitCode} before it was ready.");
            }

            await Task.Delay(50, deadline.Token);
        }
    }
}
