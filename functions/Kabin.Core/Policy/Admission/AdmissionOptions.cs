namespace Kabin.Policy;

/// <summary>The admission webhooks' settings, bound from <c>Kabin:Policy:Admission</c>.</summary>
public sealed class AdmissionOptions
{
    public const string SectionName = "Kabin:Policy:Admission";

    /// <summary>
    /// Namespaces (comma-separated) whose objects are allowed without a tenant record: the
    /// platform's own. Any other namespace the webhooks are asked about is a tenant's, and without
    /// a readable record its objects are denied.
    /// </summary>
    public string ExemptNamespaces { get; set; } = "kube-system,kube-public,kube-node-lease,kabin-system,knative-serving,knative-eventing,cert-manager";

    public bool IsExempt(string? namespaceName) =>
        namespaceName is { Length: > 0 } ns
        && ExemptNamespaces.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Contains(ns, StringComparer.Ordinal);
}
