using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Kabin.Cluster;
using Microsoft.Extensions.Options;

namespace Kabin.Adapters.Kubernetes;

/// <summary>
/// The cluster port against a real API server: server-side apply (one field manager, <c>force</c>),
/// get, list by label and delete, as raw REST requests on the long-lived connection's HTTP pipeline
/// and credentials, with JSON handled as <see cref="JsonObject"/> (no reflection, AOT-safe).
/// </summary>
public sealed partial class KubernetesClusterClient(ApiServerConnection connection, IOptions<KubernetesClusterOptions> options)
    : IClusterClient
{
    private static readonly MediaTypeHeaderValue MergePatchType = MediaTypeHeaderValue.Parse("application/merge-patch+json; charset=utf-8");
    private static readonly MediaTypeHeaderValue ApplyPatchType = MediaTypeHeaderValue.Parse("application/apply-patch+yaml; charset=utf-8");
    private readonly KubernetesClusterOptions _options = options.Value;

    public ClusterMode Mode => ClusterMode.Apply;

    public async Task<JsonObject> ApplyAsync(JsonObject manifest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var target = ResourceRef.Of(manifest);
        var resource = KubernetesResources.Find(target.ApiVersion, target.Kind);
        var path = resource.ObjectPath(KubernetesResources.NamespaceFor(resource, target), target.Name)
            + $"?fieldManager={Uri.EscapeDataString(_options.FieldManager)}&force=true";
        using var content = new StringContent(manifest.ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = ApplyPatchType;
        return (await SendAsync(HttpMethod.Patch, path, content, target.ToString(), missingIsNull: false, cancellationToken).ConfigureAwait(false))!;
    }

    public async Task<JsonObject?> GetAsync(ResourceRef resource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var found = KubernetesResources.Find(resource.ApiVersion, resource.Kind);
        var path = found.ObjectPath(KubernetesResources.NamespaceFor(found, resource), resource.Name);
        return await SendAsync(HttpMethod.Get, path, null, resource.ToString(), missingIsNull: true, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<JsonObject>> ListAsync(
        string apiVersion, string kind, string? namespaceName, string labelSelector, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(labelSelector);
        var resource = KubernetesResources.Find(apiVersion, kind);
        if (!resource.Namespaced && namespaceName is not null)
        {
            throw new ArgumentException($"{kind} is cluster-scoped: list it with namespace null.", nameof(namespaceName));
        }

        var path = resource.CollectionPath(namespaceName) + "?labelSelector=" + Uri.EscapeDataString(labelSelector)
            + "&limit=" + Math.Max(1, _options.ListPageSize).ToString(CultureInfo.InvariantCulture);
        var items = new List<JsonObject>();
        string? next = null;
        do
        {
            var page = next is null ? path : path + "&continue=" + Uri.EscapeDataString(next);
            var list = (await SendAsync(HttpMethod.Get, page, null, $"{kind} list", missingIsNull: false, cancellationToken).ConfigureAwait(false))!;
            // Items of a typed list carry no kind or apiVersion: put them back so each item is a whole manifest.
            items.AddRange((list["items"] as JsonArray ?? []).OfType<JsonObject>().Select(item => WithType(item, apiVersion, kind)));
            next = list["metadata"]?["continue"]?.GetValue<string>() is { Length: > 0 } token ? token : null;
        }
        while (next is not null);

        return items;
    }

    public async Task<JsonObject?> PatchAsync(ResourceRef resource, JsonObject mergePatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(mergePatch);
        var found = KubernetesResources.Find(resource.ApiVersion, resource.Kind);
        var path = found.ObjectPath(KubernetesResources.NamespaceFor(found, resource), resource.Name)
            + $"?fieldManager={Uri.EscapeDataString(_options.FieldManager)}";
        using var content = new StringContent(mergePatch.ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = MergePatchType;
        return await SendAsync(HttpMethod.Patch, path, content, resource.ToString(), missingIsNull: true, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> DeleteAsync(ResourceRef resource, TimeSpan? gracePeriod, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var found = KubernetesResources.Find(resource.ApiVersion, resource.Kind);
        var query = new List<string>();
        if (gracePeriod is { } grace)
        {
            query.Add("gracePeriodSeconds=" + ((long)grace.TotalSeconds).ToString(CultureInfo.InvariantCulture));
        }

        if (resource.Kind == "Namespace")
        {
            query.Add("propagationPolicy=Background");
        }

        var path = found.ObjectPath(KubernetesResources.NamespaceFor(found, resource), resource.Name)
            + (query.Count == 0 ? string.Empty : "?" + string.Join('&', query));
        return await SendAsync(HttpMethod.Delete, path, null, resource.ToString(), missingIsNull: true, cancellationToken).ConfigureAwait(false) is not null;
    }

    private static JsonObject WithType(JsonObject item, string apiVersion, string kind)
    {
        var whole = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind };
        foreach (var (key, value) in item.Where(pair => pair.Key is not ("apiVersion" or "kind")).ToArray())
        {
            item.Remove(key);
            whole[key] = value;
        }

        return whole;
    }
}
