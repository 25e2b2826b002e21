using Kabin.Telemetry;

namespace Kabin.Cluster;

public static class ClusterClients
{
    /// <summary>The client under any measuring wrapper: what a caller tests for a kind (<c>is PlanClusterClient</c>).</summary>
    public static IClusterClient Innermost(this IClusterClient client) =>
        client is MeasuredClusterClient measured ? measured.Inner.Innermost() : client;
}
