using System.Diagnostics;

namespace Kabin.TestDoubles.Kubectl;

/// <summary>Runs the real kubectl (from PATH) against a kubeconfig; each run is bounded in time.</summary>
public sealed class Kubectl(string kubeconfig)
{
    public async Task<KubectlResult> RunAsync(string[] args, string? stdin = null, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var start = new ProcessStartInfo("kubectl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--kubeconfig");
        start.ArgumentList.Add(kubeconfig);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["KUBECACHEDIR"] = Path.Combine(Path.GetDirectoryName(kubeconfig)!, "cache");
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception error)
        {
            throw new InvalidOperationException("kubectl is not on PATH: install it (.ci/run does, from Debian's kubernetes-client where the image lacks it).", error);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            if (stdin is not null)
            {
                await process.StandardInput.WriteAsync(stdin);
            }

            process.StandardInput.Close();
            using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"kubectl {string.Join(' ', args)} did not finish: {await errors}");
            }

            return new KubectlResult(process.ExitCode, await output, await errors);
        }
    }

    public Task<KubectlResult> RunAsync(params string[] args) => RunAsync(args, stdin: null);

    /// <summary>Runs kubectl and throws (failing the test) unless it exits 0; returns its standard output.</summary>
    public async Task<string> SucceedAsync(params string[] args)
    {
        var result = await RunAsync(args);
        return result.ExitCode == 0
            ? result.Output
            : throw new InvalidOperationException($"kubectl {string.Join(' ', args)} exited {result.ExitCode}: {result.Errors}{result.Output}");
    }
}
