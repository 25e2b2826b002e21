using Kabin.LocalCluster;

namespace Kabin.Reliability.Tests.Support;

/// <summary>A fresh API-server double and the real host applying to it through a kubeconfig.</summary>
public sealed class ClusterHost : IAsyncDisposable
{
    private readonly string _kubeconfig;

    private ClusterHost(KubeApiServerDouble server, ReliabilityHost host, string kubeconfig)
    {
        Server = server;
        Host = host;
        _kubeconfig = kubeconfig;
    }

    public KubeApiServerDouble Server { get; }

    public ReliabilityHost Host { get; }

    public static async Task<ClusterHost> StartAsync(params string[] settings)
    {
        var server = await KubeApiServerDouble.StartAsync();
        var kubeconfig = server.WriteKubeconfig(Path.Combine(Path.GetTempPath(), $"kabin-reliability-kubeconfig-{Guid.NewGuid():N}.yaml"));
        var host = await ReliabilityHost.StartAsync([$"--Kabin:Cluster:Kubeconfig={kubeconfig}", "--Kabin:Cluster:Mode=apply", .. settings]);
        return new ClusterHost(server, host, kubeconfig);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Server.DisposeAsync();
        File.Delete(_kubeconfig);
    }
}
