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

    /// <summary>
    /// Users (comma-separated) who may change the objects Kabin manages in tenant namespaces:
    /// Kabin's own functions and the controllers that delete a namespace's contents.
    /// </summary>
    public string PlatformUsers { get; set; } =
        "system:serviceaccount:kabin-system:kabin-tenant,system:serviceaccount:kabin-system:kabin-sandbox,"
        + "system:serviceaccount:kube-system:namespace-controller,system:serviceaccount:kube-system:generic-garbage-collector";

    /// <summary>Groups (comma-separated) whose members may too: cluster administrators.</summary>
    public string PlatformGroups { get; set; } = "system:masters";

    public bool IsPlatform(string? user, IReadOnlyList<string> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        return (user is { Length: > 0 } name && Parsed(ref _platformUsers, PlatformUsers).Contains(name))
            || groups.Any(Parsed(ref _platformGroups, PlatformGroups).Contains);
    }

    private ParsedList? _platformUsers;
    private ParsedList? _platformGroups;

    private static HashSet<string> Parsed(ref ParsedList? cache, string source)
    {
        var parsed = cache;
        if (parsed is null || !ReferenceEquals(parsed.Source, source))
        {
            parsed = new ParsedList(source, source.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal));
            cache = parsed;
        }

        return parsed.Names;
    }

    // Every review asks: the list is split once per value it has (a reference swap, safe across threads).
    private ParsedList? _exempt;

    private HashSet<string> Exempt() => Parsed(ref _exempt, ExemptNamespaces);

    private sealed record ParsedList(string Source, HashSet<string> Names);
}
