namespace Kabin.Adapters.Kubernetes;

/// <summary>The cluster port's settings, bound from <c>Kabin:Cluster</c>.</summary>
public sealed class KubernetesClusterOptions
{
    public const string SectionName = "Kabin:Cluster";

    /// <summary><c>auto</c> (default): in-cluster or a kubeconfig when there is one, else plan; <c>plan</c>; <c>apply</c> (fails at start without a cluster).</summary>
    public KubernetesClusterMode Mode { get; set; } = KubernetesClusterMode.Auto;

    /// <summary>A kubeconfig file to use; when unset, <c>KUBECONFIG</c> is consulted after the in-cluster service account.</summary>
    public string? Kubeconfig { get; set; }

    /// <summary>The server-side apply field manager that owns every field Kabin sets.</summary>
    public string FieldManager { get; set; } = "kabin";

    /// <summary>How many objects one list request asks for (<c>limit</c>); longer lists are read page by page with <c>continue</c>.</summary>
    public int ListPageSize { get; set; } = 500;

    /// <summary>How long one API request may take before it counts as a transient failure.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
