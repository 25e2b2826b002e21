using Microsoft.Extensions.Logging;

namespace Kabin.Adapters.Kubernetes;

internal static partial class ClusterLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster port applies to a cluster via {Source} {Kubeconfig} as field manager {FieldManager}")]
    public static partial void Applying(ILogger logger, ClusterConnectionSource source, string? kubeconfig, string fieldManager);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster port plans only: no cluster configured or Kabin:Cluster:Mode is plan; replies show the manifests it would apply")]
    public static partial void Planning(ILogger logger);
}
