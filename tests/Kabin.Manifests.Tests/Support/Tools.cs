using System.Diagnostics;

namespace Kabin.Manifests.Tests.Support;

/// <summary>The external tools the checks run (node, kubectl): where they are, and running them with a time limit.</summary>
public static class Tools
{
    public static string ValidatorFolder => RepositoryRoot.Combine("tests", "Kabin.Manifests.Tests", "validate");

    public static string? Node { get; } = FindOnPath("node");

    public static string? Kubectl { get; } = FindOnPath("kubectl");

    public static bool ValidatorInstalled =>
        Directory.Exists(Path.Combine(ValidatorFolder, "node_modules", "@kubernetes-models", "knative"));

    public static async Task<ProcessResult> RunAsync(string program, IEnumerable<string> arguments, string workingDirectory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', start.ArgumentList)} did not finish within 2 minutes.");
        }

        return new ProcessResult(process.ExitCode, await output, await error);
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);
}
