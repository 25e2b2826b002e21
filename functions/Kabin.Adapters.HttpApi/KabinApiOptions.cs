namespace Kabin.Adapters.HttpApi;

/// <summary>Options of the plain HTTP API (section <c>Kabin:Api</c>).</summary>
public sealed class KabinApiOptions
{
    public const string SectionName = "Kabin:Api";

    /// <summary>
    /// <c>none</c> (the default: the Knative Services are cluster-local) or <c>kubernetes</c>: every
    /// API call needs a bearer token that a TokenReview accepts and a SubjectAccessReview allows.
    /// </summary>
    public string Authentication { get; set; } = "none";

    /// <summary>The most YAML documents one policy check may carry.</summary>
    public int MaxDocuments { get; set; } = 100;

    /// <summary>The most YAML nodes (after expanding aliases) one request may carry.</summary>
    public int MaxNodes { get; set; } = 100_000;

    /// <summary>The deepest nesting of mappings and sequences accepted.</summary>
    public int MaxDepth { get; set; } = 64;

    /// <summary>Whether the configuration asks for <c>kubernetes</c> authentication, for hosts that wire the access port.</summary>
    public static bool UsesKubernetesAuthentication(Microsoft.Extensions.Configuration.IConfiguration configuration) =>
        string.Equals(configuration?[$"{SectionName}:Authentication"], "kubernetes", StringComparison.OrdinalIgnoreCase);

    internal bool UsesKubernetes => string.Equals(Authentication, "kubernetes", StringComparison.OrdinalIgnoreCase);
}
