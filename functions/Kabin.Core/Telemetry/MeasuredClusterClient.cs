using System.Text.Json.Nodes;
using Kabin.Cluster;

namespace Kabin.Telemetry;

/// <summary>
/// The cluster port with a span and a duration measurement per call
/// (<c>kabin.cluster.call.duration</c>). The span names the object's kind; the label only the operation.
/// </summary>
public sealed class MeasuredClusterClient(IClusterClient inner, KabinMetrics metrics) : IClusterClient
{
    public ClusterMode Mode => inner.Mode;

    /// <summary>The client measured, for the callers that need its own kind (plan mode's status updates, the API server's reviews).</summary>
    public IClusterClient Inner => inner;

    private Task<T> Measure<T>(string operation, string kind, Func<Task<T>> call) =>
        MeasuredCalls.RunAsync("kabin.cluster " + operation, operation, metrics.ClusterCalled, call, kind);

    public Task<JsonObject> ApplyAsync(JsonObject manifest, CancellationToken cancellationToken) =>
        Measure("apply", KindOf(manifest), () => inner.ApplyAsync(manifest, cancellationToken));

    public Task<JsonObject?> GetAsync(ResourceRef resource, CancellationToken cancellationToken) =>
        Measure("get", resource.Kind, () => inner.GetAsync(resource, cancellationToken));

    public Task<IReadOnlyList<JsonObject>> ListAsync(
        string apiVersion, string kind, string? namespaceName, string labelSelector, CancellationToken cancellationToken) =>
        Measure("list", kind, () => inner.ListAsync(apiVersion, kind, namespaceName, labelSelector, cancellationToken));

    public Task<JsonObject?> PatchAsync(ResourceRef resource, JsonObject mergePatch, CancellationToken cancellationToken) =>
        Measure("patch", resource.Kind, () => inner.PatchAsync(resource, mergePatch, cancellationToken));

    public Task<bool> DeleteAsync(ResourceRef resource, TimeSpan? gracePeriod, CancellationToken cancellationToken) =>
        Measure("delete", resource.Kind, () => inner.DeleteAsync(resource, gracePeriod, cancellationToken));

    private static string KindOf(JsonObject manifest) =>
        manifest.TryGetPropertyValue("kind", out var kind) && kind is JsonValue value && value.TryGetValue<string>(out var text) ? text : "(none)";
}
