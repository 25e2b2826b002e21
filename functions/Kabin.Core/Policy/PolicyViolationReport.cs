namespace Kabin.Policy;

/// <summary>The data of <c>dev.kabin.policy.violation</c>: a running object of a tenant that fails its policy.</summary>
public sealed record PolicyViolationReport(
    string Tenant,
    string? ApiVersion,
    string? Kind,
    string? Namespace,
    string? Name,
    IReadOnlyList<PolicyViolation> Violations,
    IReadOnlyList<PolicyViolation> Warnings);
