using Kabin.Cluster;
using Kabin.State;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kabin.Adapters.Kubernetes;

/// <summary>Registers the cluster port: a Kubernetes client in-cluster or from a kubeconfig, else plan mode.</summary>
public static class KubernetesClusterServiceCollectionExtensions
{
    public static IServiceCollection AddKabinCluster(this IServiceCollection services, IConfiguration configuration) =>
        services.AddKabinCluster(configuration, Environment.GetEnvironmentVariable);

    /// <summary>As <see cref="AddKabinCluster(IServiceCollection, IConfiguration)"/>, reading environment variables through <paramref name="environment"/>.</summary>
    public static IServiceCollection AddKabinCluster(
        this IServiceCollection services, IConfiguration configuration, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<KubernetesClusterOptions>()
            .Bind(configuration.GetSection(KubernetesClusterOptions.SectionName))
            .Validate(o => !string.IsNullOrWhiteSpace(o.FieldManager), "Kabin:Cluster:FieldManager must not be empty.")
            .Validate(o => o.Timeout > TimeSpan.Zero, "Kabin:Cluster:Timeout must be positive, e.g. 00:00:30.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider =>
            ClusterConnection.Choose(provider.GetRequiredService<IOptions<KubernetesClusterOptions>>().Value, environment));
        // One long-lived connection for the process: a connection per call leaks sockets.
        services.TryAddSingleton(provider => ApiServerConnection.Create(provider.GetRequiredService<ClusterConnection>().CreateConfiguration()));
        services.TryAddSingleton<IClusterClient>(CreateClusterClient);
        services.TryAddSingleton<IPodExec>(provider =>
            provider.GetRequiredService<ClusterConnection>().Source == ClusterConnectionSource.Plan
                ? new PlanPodExec()
                : new KubernetesPodExec(provider.GetRequiredService<ApiServerConnection>(), provider.GetRequiredService<IOptions<KubernetesClusterOptions>>()));
        return services;
    }

    private static IClusterClient CreateClusterClient(IServiceProvider provider)
    {
        var connection = provider.GetRequiredService<ClusterConnection>();
        var options = provider.GetRequiredService<IOptions<KubernetesClusterOptions>>();
        var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger("Kabin.Cluster");
        if (connection.Source == ClusterConnectionSource.Plan)
        {
            ClusterLog.Planning(logger);
            return new PlanClusterClient(provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<IStateStore>());
        }

        ClusterLog.Applying(logger, connection.Source, connection.KubeconfigPath, options.Value.FieldManager);
        return new KubernetesClusterClient(provider.GetRequiredService<ApiServerConnection>(), options);
    }
}
