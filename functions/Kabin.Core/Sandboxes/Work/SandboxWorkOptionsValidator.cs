using Microsoft.Extensions.Options;

namespace Kabin.Sandboxes.Work;

/// <summary>Checks <see cref="SandboxWorkOptions"/> at start.</summary>
public sealed class SandboxWorkOptionsValidator : IValidateOptions<SandboxWorkOptions>
{
    public ValidateOptionsResult Validate(string? name, SandboxWorkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Container))
        {
            failures.Add($"{SandboxWorkOptions.Section}:Container must name the sandbox pods' container.");
        }

        if (SandboxFilePath.IsAbsoluteClean(options.Root) is false)
        {
            failures.Add($"{SandboxWorkOptions.Section}:Root must be an absolute directory such as /work, without . or .. segments.");
        }

        if (options.MaxOutputBytes <= 0 || options.MaxEventOutputBytes <= 0 || options.MaxEventOutputBytes > options.MaxOutputBytes)
        {
            failures.Add($"{SandboxWorkOptions.Section}: MaxOutputBytes and MaxEventOutputBytes must be positive, the event's bound no larger.");
        }

        if (options.MaxStdinBytes < 0 || options.MaxCommandBytes <= 0 || options.MaxFileBytes <= 0 || options.MaxListingBytes <= 0)
        {
            failures.Add($"{SandboxWorkOptions.Section}: MaxStdinBytes, MaxCommandBytes, MaxFileBytes and MaxListingBytes must be positive.");
        }

        if (options.DefaultTimeoutSeconds <= 0 || options.DefaultTimeoutSeconds > options.MaxTimeoutSeconds || options.KillGraceSeconds <= 0)
        {
            failures.Add($"{SandboxWorkOptions.Section}: DefaultTimeoutSeconds, MaxTimeoutSeconds and KillGraceSeconds must be positive, the default no larger than the maximum.");
        }

        if (options.MaxConcurrentPerSandbox <= 0)
        {
            failures.Add($"{SandboxWorkOptions.Section}:MaxConcurrentPerSandbox must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
