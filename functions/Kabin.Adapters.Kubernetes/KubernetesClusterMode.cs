namespace Kabin.Adapters.Kubernetes;

/// <summary>How the cluster port is chosen: <c>auto</c> applies when a cluster is reachable and plans otherwise.</summary>
public enum KubernetesClusterMode
{
    Auto,
    Plan,
    Apply,
}
