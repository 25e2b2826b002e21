namespace Kabin.Cluster;

/// <summary>Whether the cluster port changes a real cluster or only plans what it would apply.</summary>
public enum ClusterMode
{
    Plan,
    Apply,
}
