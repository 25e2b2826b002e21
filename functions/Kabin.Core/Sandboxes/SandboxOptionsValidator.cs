using Kabin.Quantities;
using Microsoft.Extensions.Options;

namespace Kabin.Sandboxes;

/// <summary>Checks <see cref="SandboxOptions"/> at start, with messages that say what to set.</summary>
public sealed class SandboxOptionsValidator : IValidateOptions<SandboxOptions>
{
    public ValidateOptionsResult Validate(string? name, SandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Backend is not (SandboxBackends.Pods or SandboxBackends.AgentSandbox))
        {
            failures.Add($"{SandboxOptions.Section}:Backend must be {SandboxBackends.Pods} or {SandboxBackends.AgentSandbox}, not '{options.Backend}'.");
        }

        if (!ResourceQuantity.TryParse(options.DefaultCpu, out var cpu) || cpu <= ResourceQuantity.Zero)
        {
            failures.Add($"{SandboxOptions.Section}:DefaultCpu must be a positive quantity such as 1 or 500m.");
        }

        if (!ResourceQuantity.TryParse(options.DefaultMemory, out var memory) || memory <= ResourceQuantity.Zero)
        {
            failures.Add($"{SandboxOptions.Section}:DefaultMemory must be a positive quantity such as 1Gi.");
        }

        if (options.MaxTtlSeconds <= 0 || options.DefaultTtlSeconds <= 0 || options.DefaultTtlSeconds > options.MaxTtlSeconds)
        {
            failures.Add($"{SandboxOptions.Section}: DefaultTtlSeconds and MaxTtlSeconds must be positive, the default no larger than the maximum.");
        }

        if (new Work.SandboxWorkOptionsValidator().Validate(name, options.Work) is { Failed: true } workLimits)
        {
            failures.AddRange(workLimits.Failures);
        }

        if (!ResourceQuantity.TryParse(options.WorkSizeLimit, out var work) || work <= ResourceQuantity.Zero)
        {
            failures.Add($"{SandboxOptions.Section}:WorkSizeLimit must be a positive quantity such as 1Gi.");
        }

        if (options.StopGracePeriodSeconds < 0)
        {
            failures.Add($"{SandboxOptions.Section}:StopGracePeriodSeconds must be 0 or more.");
        }

        if (options.FinishedPodRetentionSeconds < 0 || options.FinishedPodRetentionSeconds > options.RecordRetentionSeconds)
        {
            failures.Add($"{SandboxOptions.Section}:FinishedPodRetentionSeconds must be between 0 and RecordRetentionSeconds.");
        }

        if (options.RecordRetentionSeconds <= 0)
        {
            failures.Add($"{SandboxOptions.Section}:RecordRetentionSeconds must be positive.");
        }

        if (options.MaxEndedRecords is < 1 or > 1000)
        {
            failures.Add($"{SandboxOptions.Section}:MaxEndedRecords must be between 1 and 1000.");
        }

        if (options.MaxTenantsPerTick is < 1 or > 1000)
        {
            failures.Add($"{SandboxOptions.Section}:MaxTenantsPerTick must be between 1 and 1000.");
        }

        if (options.ClaimLeaseSeconds is < 1 or > 600)
        {
            failures.Add($"{SandboxOptions.Section}:ClaimLeaseSeconds must be between 1 and 600.");
        }

        if (options.MaxConflictRetries < 1)
        {
            failures.Add($"{SandboxOptions.Section}:MaxConflictRetries must be at least 1.");
        }

        if (string.IsNullOrEmpty(options.PodNamePrefix) || options.PodNamePrefix.Length > 10
            || !options.PodNamePrefix.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
            || !char.IsAsciiLetterLower(options.PodNamePrefix[0]))
        {
            failures.Add($"{SandboxOptions.Section}:PodNamePrefix must be 1-10 lowercase letters, digits or '-', starting with a letter.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
