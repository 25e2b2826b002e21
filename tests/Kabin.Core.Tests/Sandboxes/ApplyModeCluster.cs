using System.Text.Json.Nodes;
using Kabin.Cluster;

namespace Kabin.Core.Tests.Sandboxes;

/// <summary>
/// The plan cluster's object store behind a client that says it applies: a cluster whose pod
/// events arrive later, as on Knative. Records the grace periods of deletions.
/// </summary>
internal sealed class ApplyModeCluster(PlanClusterClient inner) : IClusterClient
{
    public List<TimeSpan?> GracePeriods { get; } = [];

    public ClusterMode Mode => ClusterMode.Apply;

    public Task<JsonObject> ApplyAsync(JsonObject manifest, CancellationToken cancellationToken) => inner.ApplyAsync(manifest, cancellationToken);

    public Task<JsonObject?> GetAsync(ResourceRef resource, CancellationToken cancellationToken) => inner.GetAsync(resource, cancellationToken);

    public Task<IReadOnlyList<JsonObject>> ListAsync(
        string apiVersion, string kind, string? namespaceName, string labelSelector, CancellationToken cancellationToken) =>
        inner.ListAsync(apiVersion, kind, namespaceName, labelSelector, cancellationToken);

    public Task<JsonObject?> PatchAsync(ResourceRef resource, JsonObject mergePatch, CancellationToken cancellationToken) =>
        inner.PatchAsync(resource, mergePatch, cancellationToken);

    public Task<bool> DeleteAsync(ResourceRef resource, TimeSpan? gracePeriod, CancellationToken cancellationToken)
    {
        lock (GracePeriods)
        {
            GracePeriods.Add(gracePeriod);
        }

        return inner.DeleteAsync(resource, gracePeriod, cancellationToken);
    }
}
