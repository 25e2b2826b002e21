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

    public bool IsExempt(string? namespaceName) => namespaceName is { Length: > 0 } ns && Exempt().Contains(ns);

    // Every review asks: the list is split once per value it has (a reference swap, safe across threads).
    private ParsedList? _exempt;

    private HashSet<string> Exempt()
    {
        var parsed = _exempt;
        if (parsed is null || !ReferenceEquals(parsed.Source, ExemptNamespaces))
        {
            parsed = new ParsedList(ExemptNamespaces, ExemptNamespaces.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal));
            _exempt = parsed;
        }

        return parsed.Names;
    }

    private sealed record ParsedList(string Source, HashSet<string> Names);
}
