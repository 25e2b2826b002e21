namespace Kabin.Policy;

/// <summary>
/// The outcome of checking one object: denied when any violation stands; warnings are findings
/// below the tenant's enforce level (restricted findings for a baseline tenant).
/// </summary>
public sealed record PolicyVerdict(bool Allowed, IReadOnlyList<PolicyViolation> Violations, IReadOnlyList<PolicyViolation> Warnings);
