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
            var (exitCode, output) = await ReadmeScripts.RunAsync(block,
                new Dictionary<string, string> { ["KABIN"] = host.BaseAddress.ToString().TrimEnd('/'), ["KUBECONFIG"] = kubeconfig });

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
        var blocks = ReadmeScripts.Blocks(readme, "Try apply mode locally");
        Assert.True(blocks.Count >= 6, $"The section has only {blocks.Count} blocks.");
        return blocks;
    }

    [GeneratedRegex(@"^# expect: (?<text>.+)$", RegexOptions.Multiline)]
    private static partial Regex Expect();
}
