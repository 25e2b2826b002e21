using System.Diagnostics;
using System.Text.RegularExpressions;
using Kabin.Host.Tests.Support;

namespace Kabin.Host.Tests.Api;

/// <summary>
/// Runs the README's Walkthrough: every fenced <c>sh</c> block under that heading, with bash,
/// against the real host (in-process, in place of the block that starts it), with <c>KABIN</c>
/// pointing at it. Each block's <c># expect: STATUS [TEXT]</c> line must hold.
/// </summary>
public sealed partial class WalkthroughTests
{
    private const string StartCommand = "rm -rf .kabin && dotnet run --project functions/Kabin.Host";

    [Fact]
    public async Task The_readme_walkthrough_runs_as_written()
    {
        var steps = Steps(await File.ReadAllTextAsync(Path.Combine(Api.RepositoryRoot(), "README.md")));
        Assert.Equal(StartCommand, steps[0].Script.Trim());
        Assert.True(steps.Count > 8, $"The walkthrough has only {steps.Count} steps.");
        await using var host = await RunningHost.StartAsync();
        await RunStepsAsync(steps, host.BaseAddress);
    }

    [AotBinaryFact]
    public async Task The_readme_walkthrough_runs_against_the_native_binary()
    {
        var steps = Steps(await File.ReadAllTextAsync(Path.Combine(Api.RepositoryRoot(), "README.md")));
        await using var host = await NativeHostProcess.StartAsync(AotBinaryFactAttribute.BinaryPath, TimeSpan.FromSeconds(20));
        await RunStepsAsync(steps, host.Client.BaseAddress!);
    }

    private static async Task RunStepsAsync(List<Step> steps, Uri baseAddress)
    {
        foreach (var step in steps.Skip(1))
        {
            var (exitCode, output) = await RunAsync(step.Script, baseAddress.ToString().TrimEnd('/'));

            Assert.True(exitCode == 0, $"'{step.Script}' exited {exitCode}: {output}");
            if (step.Status is { } status)
            {
                Assert.True(output.TrimEnd().EndsWith(status, StringComparison.Ordinal), $"'{step.Script}' should end with {status}: {output}");
            }

            if (step.Text is { Length: > 0 } text)
            {
                Assert.True(output.Contains(text, StringComparison.Ordinal), $"'{step.Script}' should print {text}: {output}");
            }
        }
    }

    private static List<Step> Steps(string readme)
    {
        var start = readme.IndexOf("\n## Walkthrough", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no Walkthrough section.");
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = end < 0 ? readme[start..] : readme[start..end];
        return [.. ShBlock().Matches(section).Select(match =>
        {
            var script = match.Groups["body"].Value;
            var expect = Expect().Match(script);
            return new Step(script,
                expect.Success ? expect.Groups["status"].Value : null,
                expect.Success ? expect.Groups["text"].Value.Trim() : null);
        })];
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string script, string kabin)
    {
        var start = new ProcessStartInfo("bash", ["-euo", "pipefail", "-c", script])
        {
            WorkingDirectory = Api.RepositoryRoot(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["KABIN"] = kabin;
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    [GeneratedRegex(@"^```sh\n(?<body>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex ShBlock();

    [GeneratedRegex(@"^# expect: (?<status>\d{3})(?<text>.*)$", RegexOptions.Multiline)]
    private static partial Regex Expect();

    private sealed record Step(string Script, string? Status, string? Text);
}
