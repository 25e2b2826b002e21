namespace Kabin.Adapters.HttpApi;

/// <summary>Options of the plain HTTP API (section <c>Kabin:Api</c>).</summary>
public sealed class KabinApiOptions
{
    public const string SectionName = "Kabin:Api";

    /// <summary>
    /// <c>kubernetes</c>: every API call needs a bearer token that a TokenReview accepts and a
    /// SubjectAccessReview allows; <c>none</c>: no check, for a host on a laptop only; <c>auto</c>
    /// (the default): <c>kubernetes</c> whenever the host runs in a cluster (<c>KUBERNETES_SERVICE_HOST</c>
    /// is set), else <c>none</c>. A pod of any tenant can reach a cluster-local Service, so
    /// <c>none</c> in a cluster must be asked for by name.
    /// </summary>
    public string Authentication { get; set; } = "auto";

    /// <summary>The most YAML documents one policy check may carry.</summary>
    public int MaxDocuments { get; set; } = 100;

    /// <summary>The most YAML nodes (after expanding aliases) one request may carry.</summary>
    public int MaxNodes { get; set; } = 100_000;

    /// <summary>The deepest nesting of mappings and sequences accepted.</summary>
    public int MaxDepth { get; set; } = 64;

    /// <summary>Whether the configuration makes the API use <c>kubernetes</c> authentication (asked for, or <c>auto</c> in a cluster), for hosts that wire the access port.</summary>
    public static bool UsesKubernetesAuthentication(Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return Resolve(configuration[$"{SectionName}:Authentication"], configuration["KUBERNETES_SERVICE_HOST"]) == "kubernetes";
    }

    /// <summary>The mode <paramref name="configured"/> stands for: <c>auto</c> or nothing becomes <c>kubernetes</c> in a cluster and <c>none</c> elsewhere.</summary>
    public static string Resolve(string? configured, string? kubernetesServiceHost) => configured?.ToLowerInvariant() switch
    {
        null or "" or "auto" => string.IsNullOrEmpty(kubernetesServiceHost) ? "none" : "kubernetes",
        var mode => mode,
    };

    internal bool UsesKubernetes => string.Equals(Authentication, "kubernetes", StringComparison.OrdinalIgnoreCase);
}
