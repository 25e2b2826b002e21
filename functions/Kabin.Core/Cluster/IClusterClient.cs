using System.Text.Json.Nodes;

namespace Kabin.Cluster;

/// <summary>
/// The Kubernetes API as Kabin uses it. Writes are server-side apply with one field manager and
/// <c>force</c>, so applying the same manifest twice changes nothing. Failures surface as
/// <see cref="TransientFailureException"/> (5xx, timeouts, dropped connections),
/// <see cref="ConflictException"/> (409) or <see cref="ClusterRejectedException"/> (the object is
/// invalid or forbidden).
/// </summary>
public interface IClusterClient
{
    /// <summary>Plan records and returns manifests without a cluster; Apply changes a real one.</summary>
    ClusterMode Mode { get; }

    /// <summary>Server-side applies a manifest and returns the object as the server now has it.</summary>
    Task<JsonObject> ApplyAsync(JsonObject manifest, CancellationToken cancellationToken);

    /// <summary>Reads one object, or null when it does not exist.</summary>
    Task<JsonObject?> GetAsync(ResourceRef resource, CancellationToken cancellationToken);

    /// <summary>Lists objects of a kind, in one namespace or (namespace null) in all, by label selector.</summary>
    Task<IReadOnlyList<JsonObject>> ListAsync(
        string apiVersion, string kind, string? namespaceName, string labelSelector, CancellationToken cancellationToken);

    /// <summary>
    /// Merge-patches one object (RFC 7386: a null removes a field) and returns it as the server now
    /// has it, or null when it does not exist. A <c>metadata.resourceVersion</c> in the patch is a
    /// precondition: when the object changed since, <see cref="ConflictException"/>.
    /// </summary>
    Task<JsonObject?> PatchAsync(ResourceRef resource, JsonObject mergePatch, CancellationToken cancellationToken);

    /// <summary>Deletes one object; false when it did not exist. A grace period applies to pods.</summary>
    Task<bool> DeleteAsync(ResourceRef resource, TimeSpan? gracePeriod, CancellationToken cancellationToken);
}
