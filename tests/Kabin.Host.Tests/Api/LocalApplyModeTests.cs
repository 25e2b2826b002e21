using System.Diagnostics;
using System.Text.RegularExpressions;
using Kabin.Host.Tests.Support;
using Kabin.LocalCluster;

namespace Kabin.Host.Tests.Api;

/// <summary>
/// Runs the README's "Try apply mode locally" as written: the local cluster with the options its
/// first block gives (on a free port, its sink the host), the host in apply mode with the
/// kubeconfig the cluster wrote, then every other block with bash, KABIN and KUBECONFIG set, and
/// the real kubectl. Each <c># expect: TEXT</c> must appear in the block's output.
/// </summary>
public sealed partial class LocalApplyModeTests
{
    [Fact]
    public async Task The_readme_local_apply_mode_runs_as_written()
    {
        var blocks = Blocks(await File.ReadAllTextAsync(Path.Combine(Api.RepositoryRoot(), "README.md")));
        var clusterArgs = ClusterArgs(blocks[0]);
        Assert.Contains("Kabin__Cluster__Mode=apply Kabin__Cluster__Kubeconfig=.kabin/local-cluster.kubeconfig dotnet run --project functions/Kabin.Host", blocks[1], StringComparison.Ordinal);
        var folder = Path.Combine(Path.GetTempPath(), "kabin-local-apply", Guid.NewGuid().ToString("N"));
        var kubeconfig = Path.Combine(folder, "local-cluster.kubeconfig");
        var options = LocalClusterOptions.Parse(clusterArgs) with { Port = 0, Sink = null, KubeconfigPath = kubeconfig };

        await using var cluster = await KubeApiServerDouble.StartAsync(options);
        cluster.WriteKubeconfig(kubeconfig);
        await using var host = await RunningHost.StartAsync("--Kabin:Cluster:Mode=apply", $"--Kabin:Cluster:Kubeconfig={kubeconfig}");
        cluster.StartApiServerSource(host.BaseAddress);

        foreach (var block in blocks.Skip(2))
        {
            var (exitCode, output) = await RunAsync(block, host.BaseAddress.ToString().TrimEnd('/'), kubeconfig);

            Assert.True(exitCode == 0, $"'{block}' exited {exitCode}: {output}");
            foreach (Match expect in Expect().Matches(block))
            {
                Assert.True(output.Contains(expect.Groups["text"].Value.Trim(), StringComparison.Ordinal), $"'{block}' should print {expect.Groups["text"].Value}: {output}");
            }
        }

        Directory.Delete(folder, recursive: true);
    }

    private static string[] ClusterArgs(string block)
    {
        const string Start = "dotnet run --project tools/Kabin.LocalCluster --";
        var line = block.Trim();
        Assert.StartsWith(Start, line, StringComparison.Ordinal);
        return line[Start.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    private static List<string> Blocks(string readme)
    {
        var start = readme.IndexOf("\n## Try apply mode locally", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no 'Try apply mode locally' section.");
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = end < 0 ? readme[start..] : readme[start..end];
        var blocks = ShBlock().Matches(section).Select(match => match.Groups["body"].Value).ToList();
        Assert.True(blocks.Count >= 6, $"The section has only {blocks.Count} blocks.");
        return blocks;
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string script, string kabin, string kubeconfig)
    {
        var start = new ProcessStartInfo("bash", ["-euo", "pipefail", "-c", script])
        {
            WorkingDirectory = Api.RepositoryRoot(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["KABIN"] = kabin;
        start.Environment["KUBECONFIG"] = kubeconfig;
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    [GeneratedRegex(@"^```sh\n(?<body>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex ShBlock();

    [GeneratedRegex(@"^# expect: (?<text>.+)$", RegexOptions.Multiline)]
    private static partial Regex Expect();
}
