using System.Text.Json.Nodes;
using Kabin.Cluster;

namespace Kabin.Tests.Tenants;

/// <summary>
/// Passes every call to a real cluster client and records it (<c>apply Kind/ns/name</c>,
/// <c>delete …</c>); can make the next applies fail with a 409 as an API server under contention would.
/// </summary>
internal sealed class RecordingClusterClient(IClusterClient inner, List<string>? journal = null) : IClusterClient
{
    private readonly List<string> _calls = [];
    private int _conflictsToThrow;

    public ClusterMode Mode => inner.Mode;

    public IReadOnlyList<string> Calls => [.. _calls];

    /// <summary>The next <paramref name="count"/> applies answer 409 before reaching the cluster.</summary>
    public void FailNextAppliesWithConflict(int count) => _conflictsToThrow = count;

    public Task<JsonObject> ApplyAsync(JsonObject manifest, CancellationToken cancellationToken)
    {
        Record("apply " + ResourceRef.Of(manifest));
        if (_conflictsToThrow > 0)
        {
            _conflictsToThrow--;
            throw new ConflictException("409: the object has been modified");
        }

        return inner.ApplyAsync(manifest, cancellationToken);
    }

    public Task<JsonObject?> GetAsync(ResourceRef resource, CancellationToken cancellationToken) =>
        inner.GetAsync(resource, cancellationToken);

    public Task<IReadOnlyList<JsonObject>> ListAsync(
        string apiVersion, string kind, string? namespaceName, string labelSelector, CancellationToken cancellationToken)
    {
        Record($"list {kind}/{namespaceName} {labelSelector}");
        return inner.ListAsync(apiVersion, kind, namespaceName, labelSelector, cancellationToken);
    }

    public async Task<JsonObject?> PatchAsync(ResourceRef resource, JsonObject mergePatch, CancellationToken cancellationToken)
    {
        var patched = await inner.PatchAsync(resource, mergePatch, cancellationToken);
        Record($"patch {resource}");
        return patched;
    }

    public async Task<bool> DeleteAsync(ResourceRef resource, TimeSpan? gracePeriod, CancellationToken cancellationToken)
    {
        var deleted = await inner.DeleteAsync(resource, gracePeriod, cancellationToken);
        Record($"delete {resource}{(deleted ? string.Empty : " (absent)")}");
        return deleted;
    }

    private void Record(string call)
    {
        _calls.Add(call);
        if (journal is not null)
        {
            lock (journal)
            {
                journal.Add(call);
            }
        }
    }
}
