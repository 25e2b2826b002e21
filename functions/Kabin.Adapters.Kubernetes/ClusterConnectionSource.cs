namespace Kabin.Adapters.Kubernetes;

/// <summary>Where the cluster port's connection came from.</summary>
public enum ClusterConnectionSource
{
    Plan,
    InCluster,
    Kubeconfig,
}
