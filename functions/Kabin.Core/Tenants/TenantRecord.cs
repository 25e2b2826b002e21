using Kabin.Cluster;

namespace Kabin.Tenants;

/// <summary>
/// A provisioned tenant as the tenant function stores it (key <c>tenant/{name}</c>) and the
/// policy and sandbox functions read it: every field normalized, defaults applied.
/// </summary>
public sealed record TenantRecord
{
    public required string Name { get; init; }

    /// <summary>The tenant's namespace, <c>{prefix}{name}</c>.</summary>
    public required string Namespace { get; init; }

    public required IReadOnlyList<TenantOwner> Owners { get; init; }

    public required PodSecurityLevel PodSecurity { get; init; }

    /// <summary>The VM runtime classes the tenant's pods may use.</summary>
    public required IReadOnlyList<string> RuntimeClasses { get; init; }

    /// <summary>The class the mutating webhook and sandboxes use when none is named; one of <see cref="RuntimeClasses"/>.</summary>
    public required string DefaultRuntimeClass { get; init; }

    /// <summary>Image reference prefixes the tenant may pull from; empty allows any registry.</summary>
    public required IReadOnlyList<string> Registries { get; init; }

    public required TenantQuota Quota { get; init; }

    public required SandboxLimits Sandboxes { get; init; }

    public required TenantNetwork Network { get; init; }

    /// <summary>The tenant's warm pools; none by default.</summary>
    public IReadOnlyList<WarmPool> WarmPools { get; init; } = [];

    /// <summary>
    /// False (and absent, in records from before the option) makes the mutating webhook set
    /// <c>imagePullPolicy: Always</c> on every container it admits; true when the tenant's spec says
    /// <c>alwaysPullImages: false</c>. Inverted so that a missing value is the safe one.
    /// </summary>
    public bool CachedImagesAllowed { get; init; }

    /// <summary>Bumped on every change of the spec, so readers can tell records apart.</summary>
    public long Generation { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The objects last applied (or planned) for the tenant.</summary>
    public IReadOnlyList<ResourceRef> Objects { get; init; } = [];
}
