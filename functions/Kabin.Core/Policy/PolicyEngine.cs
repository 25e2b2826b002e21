using System.Text.Json.Nodes;
using Kabin.Tenants;

namespace Kabin.Policy;

/// <summary>
/// The rules of the policy function over a Pod or any workload's pod template. Each rule runs
/// guarded: an exception inside a rule becomes a <c>policy/error</c> denial, never an allow.
/// </summary>
public sealed class PolicyEngine : IPolicyEngine
{
    public PolicyVerdict Check(JsonObject workload, TenantRecord tenant)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(tenant);
        var pod = new PodView(PodTemplateLocator.Locate(workload));
        var violations = new List<PolicyViolation>();
        var warnings = new List<PolicyViolation>();
        Guard(PolicyRules.Namespace, "metadata", violations, () => NamespaceRule.Check(workload, tenant, violations));
        Guard(PolicyRules.RuntimeClass, pod.SpecPath, violations, () => RuntimeClassRule.Check(pod, tenant, violations));
        Guard(PolicyRules.HostNetwork, pod.SpecPath, violations, () => HostNetworkRule.Check(pod, violations));
        Guard(PolicyRules.Resources, pod.SpecPath, violations, () => ResourcesRule.Check(pod, tenant, violations));
        Guard(PolicyRules.Registry, pod.SpecPath, violations, () => RegistryRule.Check(pod, tenant, violations));
        PodSecurityChecks.Evaluate(pod, tenant.PodSecurity, violations, warnings);
        return new PolicyVerdict(violations.Count == 0, violations, warnings);
    }

    /// <summary>
    /// Only the Pod Security Standards checks at <paramref name="level"/>, as Pod Security
    /// Admission evaluates them; restricted-only findings of a baseline check are warnings.
    /// </summary>
    public static PolicyVerdict CheckPodSecurity(JsonObject workload, PodSecurityLevel level)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var pod = new PodView(PodTemplateLocator.Locate(workload));
        var violations = new List<PolicyViolation>();
        var warnings = new List<PolicyViolation>();
        PodSecurityChecks.Evaluate(pod, level, violations, warnings);
        return new PolicyVerdict(violations.Count == 0, violations, warnings);
    }

    /// <summary>
    /// A core v1 Service, as <c>/policy/check</c> judges it before it is applied: in the tenant's
    /// namespace, opening node ports or a load balancer only where its quota allows them, and
    /// claiming no external IPs.
    /// </summary>
    public static PolicyVerdict CheckService(JsonObject service, TenantRecord tenant)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(tenant);
        var violations = new List<PolicyViolation>();
        Guard(PolicyRules.Namespace, "metadata", violations, () => NamespaceRule.Check(service, tenant, violations));
        Guard(PolicyRules.ServiceType, "spec", violations, () => ServiceRule.Check(service, tenant, violations));
        return new PolicyVerdict(violations.Count == 0, violations, []);
    }

    private static void Guard(string rule, string path, List<PolicyViolation> violations, Action check)
    {
        // Any failure inside a rule denies the object: it is reported, never swallowed.
        try
        {
            check();
        }
        catch (Exception e)
        {
            violations.Add(PolicyErrors.From(rule, path, e));
        }
    }
}
