using System.Text.Json.Nodes;
using Kabin.Cluster;
using Kabin.State;

namespace Kabin.Manifests.Tests.Support;

/// <summary>Plan mode that also notes which API verbs each call would need on which kind.</summary>
public sealed class RecordingClusterClient(TimeProvider timeProvider, IStateStore store) : IClusterClient
{
    private readonly PlanClusterClient _plan = new(timeProvider, store);
    private readonly List<(string Verb, string ApiVersion, string Kind)> _calls = [];

    public ClusterMode Mode => _plan.Mode;

    public IReadOnlyList<(string Verb, string ApiVersion, string Kind)> Calls => _calls;

    public void Forget() => _calls.Clear();

    public Task<JsonObject> ApplyAsync(JsonObject manifest, CancellationToken cancellationToken)
    {
        var resource = ResourceRef.Of(manifest);
        // Server-side apply is a PATCH that creates the object when it is missing: both verbs.
        _calls.Add(("patch", resource.ApiVersion, resource.Kind));
        _calls.Add(("create", resource.ApiVersion, resource.Kind));
        return _plan.ApplyAsync(manifest, cancellationToken);
    }

    public Task<JsonObject?> GetAsync(ResourceRef resource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        _calls.Add(("get", resource.ApiVersion, resource.Kind));
        return _plan.GetAsync(resource, cancellationToken);
    }

    public Task<IReadOnlyList<JsonObject>> ListAsync(string apiVersion, string kind, string? namespaceName, string labelSelector, CancellationToken cancellationToken)
    {
        _calls.Add(("list", apiVersion, kind));
        return _plan.ListAsync(apiVersion, kind, namespaceName, labelSelector, cancellationToken);
    }

    public Task<JsonObject?> PatchAsync(ResourceRef resource, JsonObject mergePatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        _calls.Add(("patch", resource.ApiVersion, resource.Kind));
        return _plan.PatchAsync(resource, mergePatch, cancellationToken);
    }

    public Task<bool> DeleteAsync(ResourceRef resource, TimeSpan? gracePeriod, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        _calls.Add(("delete", resource.ApiVersion, resource.Kind));
        return _plan.DeleteAsync(resource, gracePeriod, cancellationToken);
    }
}
