using System.Text.RegularExpressions;
using Kabin.Host.Tests.Support;
using Kabin.TestDoubles.Native;

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
            var (exitCode, output) = await ReadmeScripts.RunAsync(step.Script, new Dictionary<string, string> { ["KABIN"] = baseAddress.ToString().TrimEnd('/') });

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

    private static List<Step> Steps(string readme) =>
        [.. ReadmeScripts.Blocks(readme, "Walkthrough").Select(script =>
        {
            var expect = Expect().Match(script);
            return new Step(script,
                expect.Success ? expect.Groups["status"].Value : null,
                expect.Success ? expect.Groups["text"].Value.Trim() : null);
        })];

    [GeneratedRegex(@"^# expect: (?<status>\d{3})(?<text>.*)$", RegexOptions.Multiline)]
    private static partial Regex Expect();

    private sealed record Step(string Script, string? Status, string? Text);
}
