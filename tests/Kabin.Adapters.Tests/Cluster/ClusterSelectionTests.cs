using Kabin.Adapters.Kubernetes;
using Kabin.Adapters.Sqlite;
using Kabin.Cluster;
using Kabin.LocalCluster;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Kabin.Adapters.Tests.Cluster;

public sealed class ClusterSelectionTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    [Fact]
    public void Without_a_cluster_the_local_default_is_plan_mode()
    {
        using var provider = Build([], NoEnvironment);

        var client = provider.GetRequiredService<IClusterClient>();

        Assert.IsType<PlanClusterClient>(client);
        Assert.Equal(ClusterMode.Plan, client.Mode);
    }

    [Fact]
    public void Plan_mode_wins_over_a_reachable_cluster()
    {
        using var provider = Build(new() { ["Kabin:Cluster:Mode"] = "plan" }, name => name == "KUBERNETES_SERVICE_HOST" ? "10.0.0.1" : null);

        Assert.Equal(ClusterMode.Plan, provider.GetRequiredService<IClusterClient>().Mode);
    }

    [Fact]
    public void Inside_a_pod_the_service_account_is_used()
    {
        var connection = ClusterConnection.Choose(new KubernetesClusterOptions(), name => name == "KUBERNETES_SERVICE_HOST" ? "10.0.0.1" : null);

        Assert.Equal(ClusterConnectionSource.InCluster, connection.Source);
    }

    [Fact]
    public void A_KUBECONFIG_in_the_shell_is_never_applied_to_unless_apply_is_asked_for()
    {
        var list = string.Join(Path.PathSeparator, "/home/dev/.kube/a", "/home/dev/.kube/b");
        string? Shell(string name) => name == "KUBECONFIG" ? list : null;

        var auto = ClusterConnection.Choose(new KubernetesClusterOptions(), Shell);
        var apply = ClusterConnection.Choose(new KubernetesClusterOptions { Mode = KubernetesClusterMode.Apply }, Shell);

        Assert.Equal(new ClusterConnection(ClusterConnectionSource.Plan, null), auto);
        Assert.Equal(new ClusterConnection(ClusterConnectionSource.Kubeconfig, "/home/dev/.kube/a"), apply);
    }

    [Fact]
    public void Apply_mode_without_a_cluster_fails_at_start_saying_what_to_set()
    {
        using var provider = Build(new() { ["Kabin:Cluster:Mode"] = "apply" }, NoEnvironment);

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IClusterClient>());

        Assert.Contains("Kabin:Cluster:Kubeconfig", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_configured_kubeconfig_applies_to_its_cluster_with_the_configured_field_manager()
    {
        await using var server = await KubeApiServerDouble.StartAsync();
        server.SeedFile(Path.Combine(AppContext.BaseDirectory, "testdata", "cluster", "namespaces.json"));
        var kubeconfig = server.WriteKubeconfig(Path.Combine(Path.GetTempPath(), $"kabin-kubeconfig-{Guid.NewGuid():N}.yaml"));
        try
        {
            using var provider = Build(
                new() { ["Kabin:Cluster:Kubeconfig"] = kubeconfig, ["Kabin:Cluster:FieldManager"] = "kabin-test" },
                name => name == "KUBERNETES_SERVICE_HOST" ? "10.0.0.1" : null);
            var client = provider.GetRequiredService<IClusterClient>();

            await client.ApplyAsync(new() { ["apiVersion"] = "v1", ["kind"] = "ServiceAccount", ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["name"] = "owner", ["namespace"] = "tenant-a" } }, CancellationToken.None);

            Assert.Equal(ClusterMode.Apply, client.Mode);
            var request = Assert.Single(server.Requests);
            Assert.Equal("/api/v1/namespaces/tenant-a/serviceaccounts/owner", request.Path);
            Assert.Equal("kabin-test", request.QueryValue("fieldManager"));
            Assert.Equal("Bearer test-token", request.Authorization);
            Assert.NotNull(server.Find("v1", "ServiceAccount", "tenant-a", "owner"));
        }
        finally
        {
            File.Delete(kubeconfig);
        }
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings, Func<string, string?> environment)
    {
        settings["Kabin:State:Sqlite:Path"] = Path.Combine(Path.GetTempPath(), "kabin-cluster-selection", Guid.NewGuid().ToString("N"), "state.db");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSqliteStateStore();
        services.AddKabinCluster(configuration, environment);
        return services.BuildServiceProvider();
    }
}
