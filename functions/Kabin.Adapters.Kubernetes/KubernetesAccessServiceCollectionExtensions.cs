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
        services.TryAddSingleton<IAccessReview>(provider => provider.GetRequiredService<IClusterClient>().Innermost() is KubernetesClusterClient cluster
            ? new KubernetesAccessReview(cluster)
            : throw new InvalidOperationException(
                "Kabin:Api:Authentication=kubernetes reviews tokens with the API server, but there is no cluster (plan mode). "
                + "Run in-cluster or with a kubeconfig, or set Kabin:Api:Authentication=none."));
        return services;
    }

    /// <summary>Verifies each CloudEvents delivery's OIDC token against the cluster's issuer (<c>Kabin:Http:Oidc</c>); needs a cluster.</summary>
    public static IServiceCollection AddOidcDeliveryAuthentication(this IServiceCollection services)
    {
        services.AddOptions<OidcDeliveryOptions>().BindConfiguration(OidcDeliveryOptions.SectionName)
            .Validate(o => !string.IsNullOrWhiteSpace(o.Audience), "Kabin:Http:Oidc:Audience must name the audience deliveries are for.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IDeliveryAuthenticator>(provider => provider.GetRequiredService<IClusterClient>().Innermost() is KubernetesClusterClient cluster
            ? new OidcDeliveryAuthenticator(cluster, provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<OidcDeliveryOptions>>(), provider.GetRequiredService<TimeProvider>())
            : throw new InvalidOperationException(
                "Kabin:Http:Oidc:Audience verifies deliveries with the cluster's OIDC issuer, but there is no cluster (plan mode). "
                + "Run in-cluster or with a kubeconfig, or leave Kabin:Http:Oidc:Audience unset."));
        return services;
    }
}
