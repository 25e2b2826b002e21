namespace Kabin.Manifests.Tests.Support;

/// <summary>How a finished tool run ended.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    public override string ToString() => $"exit {ExitCode}\n{StandardOutput}\n{StandardError}";
}
