using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Kabin.Host.Tests.Support;

/// <summary>The README's runnable sections: a section's fenced <c>sh</c> blocks, each run with bash from the repository root.</summary>
public static partial class ReadmeScripts
{
    /// <summary>The bodies of the <c>sh</c> blocks under the README heading <paramref name="heading"/> (up to the next <c>## </c> heading).</summary>
    public static List<string> Blocks(string readme, string heading)
    {
        ArgumentNullException.ThrowIfNull(readme);
        var start = readme.IndexOf("\n## " + heading, StringComparison.Ordinal);
        Assert.True(start >= 0, $"README.md has no '{heading}' section.");
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = end < 0 ? readme[start..] : readme[start..end];
        return [.. ShBlock().Matches(section).Select(match => match.Groups["body"].Value)];
    }

    /// <summary>Runs <paramref name="script"/> with <c>bash -euo pipefail</c> and the given environment; its exit code and output (stdout, then stderr).</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string script, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var start = new ProcessStartInfo("bash", ["-euo", "pipefail", "-c", script])
        {
            WorkingDirectory = Api.Api.RepositoryRoot(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    [GeneratedRegex(@"^```sh\n(?<body>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex ShBlock();
}
