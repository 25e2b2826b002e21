using Kabin.Access;
using Kabin.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Kabin.Adapters.Kubernetes;

/// <summary>Registers the access port over TokenReview and SubjectAccessReview; needs a cluster (apply mode).</summary>
public static class KubernetesAccessServiceCollectionExtensions
{
    public static IServiceCollection AddKubernetesAccessReview(this IServiceCollection services)
    {
        services.TryAddSingleton<IAccessReview>(provider => provider.GetRequiredService<IClusterClient>() is KubernetesClusterClient cluster
            ? new KubernetesAccessReview(cluster)
            : throw new InvalidOperationException(
                "Kabin:Api:Authentication=kubernetes reviews tokens with the API server, but there is no cluster (plan mode). "
                + "Run in-cluster or with a kubeconfig, or set Kabin:Api:Authentication=none."));
        return services;
    }
}
