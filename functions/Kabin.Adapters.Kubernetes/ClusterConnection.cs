using k8s;

namespace Kabin.Adapters.Kubernetes;

/// <summary>
/// The choice between applying to a cluster and planning: an explicit <c>Kabin:Cluster:Kubeconfig</c>
/// first, then the in-cluster service account (<c>KUBERNETES_SERVICE_HOST</c>); the shell's
/// <c>KUBECONFIG</c> only when apply is asked for (<c>Kabin:Cluster:Mode=apply</c>), so that a
/// developer's own cluster is never applied to by accident; plan mode otherwise (the local default).
/// </summary>
public sealed record ClusterConnection(ClusterConnectionSource Source, string? KubeconfigPath)
{
    public static ClusterConnection Choose(KubernetesClusterOptions options, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        if (options.Mode == KubernetesClusterMode.Plan)
        {
            return new ClusterConnection(ClusterConnectionSource.Plan, null);
        }

        if (!string.IsNullOrWhiteSpace(options.Kubeconfig))
        {
            return new ClusterConnection(ClusterConnectionSource.Kubeconfig, options.Kubeconfig);
        }

        if (!string.IsNullOrWhiteSpace(environment("KUBERNETES_SERVICE_HOST")))
        {
            return new ClusterConnection(ClusterConnectionSource.InCluster, null);
        }

        if (options.Mode != KubernetesClusterMode.Apply)
        {
            return new ClusterConnection(ClusterConnectionSource.Plan, null);
        }

        var fromEnvironment = environment("KUBECONFIG")?
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault();
        if (fromEnvironment is not null)
        {
            return new ClusterConnection(ClusterConnectionSource.Kubeconfig, fromEnvironment);
        }

        throw new InvalidOperationException(
            "Kabin:Cluster:Mode is apply but no cluster is configured: run in a pod, or set Kabin:Cluster:Kubeconfig or KUBECONFIG, or use mode plan.");
    }

    /// <summary>The client configuration for an apply connection.</summary>
    public KubernetesClientConfiguration CreateConfiguration() => Source switch
    {
        ClusterConnectionSource.InCluster => KubernetesClientConfiguration.InClusterConfig(),
        ClusterConnectionSource.Kubeconfig when File.Exists(KubeconfigPath) =>
            KubernetesClientConfiguration.BuildConfigFromConfigFile(KubeconfigPath),
        ClusterConnectionSource.Kubeconfig => throw new InvalidOperationException(
            $"The kubeconfig '{KubeconfigPath}' does not exist: fix Kabin:Cluster:Kubeconfig or KUBECONFIG."),
        _ => throw new InvalidOperationException("Plan mode has no cluster to connect to."),
    };
}
