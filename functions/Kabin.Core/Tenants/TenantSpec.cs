using System.Text.Json.Serialization;
using Kabin.Json;

namespace Kabin.Tenants;

/// <summary>
/// The data of <c>dev.kabin.tenant.created</c> and <c>.updated</c>: a tenant's desired state.
/// Every field but <see cref="Name"/> is optional and falls back to <see cref="TenantDefaults"/>.
/// Unknown fields are refused (422) so that a misspelt field never silently becomes a default.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record TenantSpec
{
    /// <summary>A DNS-1123 label; the namespace is <c>{prefix}{name}</c>.</summary>
    [JsonConverter(typeof(BoundedNameConverter))]
    public string? Name { get; init; }

    public IReadOnlyList<TenantOwnerSpec>? Owners { get; init; }

    /// <summary><c>baseline</c> or <c>restricted</c>.</summary>
    public string? PodSecurity { get; init; }

    public IReadOnlyList<string>? RuntimeClasses { get; init; }

    public string? DefaultRuntimeClass { get; init; }

    public IReadOnlyList<string>? Registries { get; init; }

    public TenantQuotaSpec? Quota { get; init; }

    public SandboxLimitsSpec? Sandboxes { get; init; }

    public TenantNetworkSpec? Network { get; init; }

    /// <summary>Sandbox pods kept Running ahead of requests, per runtime class, size and image.</summary>
    public IReadOnlyList<WarmPoolSpec>? WarmPools { get; init; }

    /// <summary>
    /// Every container pulls its image (<c>imagePullPolicy: Always</c>), so that no tenant runs
    /// another's private image from a node's cache without the credentials to pull it. Default true.
    /// </summary>
    public bool? AlwaysPullImages { get; init; }
}
