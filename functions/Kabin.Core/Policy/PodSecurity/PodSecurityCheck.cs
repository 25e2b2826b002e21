using Kabin.Tenants;

namespace Kabin.Policy;

/// <summary>
/// One Pod Security Standards check under the id Pod Security Admission gives it. A restricted
/// check may override a baseline check, which then does not run at level restricted.
/// </summary>
internal sealed class PodSecurityCheck(
    string id, PodSecurityLevel level, string? overrides, Action<PodView, PodSecurityCheck, List<PolicyViolation>> run)
{
    public string Id { get; } = id;

    public string Rule { get; } = PolicyRules.PodSecurityPrefix + id;

    public PodSecurityLevel Level { get; } = level;

    /// <summary>The baseline check this one replaces at level restricted, if any.</summary>
    public string? Overrides { get; } = overrides;

    public void Run(PodView pod, List<PolicyViolation> sink) => run(pod, this, sink);

    public void Report(List<PolicyViolation> sink, string path, string message) => sink.Add(new PolicyViolation(Rule, path, message));
}
