namespace Kabin.Policy;

/// <summary>The data of <c>dev.kabin.policy.checked</c>: the verdict on one object for one tenant.</summary>
public sealed record PolicyCheckResult(
    bool Allowed, IReadOnlyList<PolicyViolation> Violations, IReadOnlyList<PolicyViolation> Warnings, string Tenant);
