namespace Kabin.Tenants;

/// <summary>Options of the tenant lookup cache (section <c>Kabin:TenantDirectory</c>).</summary>
public sealed class TenantDirectoryOptions
{
    /// <summary>
    /// How long a lookup (found or not) is reused before the state store is asked again. A policy
    /// change reaches other processes within this time.
    /// </summary>
    public TimeSpan CacheTtl { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The most lookups each cache (by tenant, by namespace) keeps. A full cache first drops what
    /// expired, then everything: memory stays bounded whatever names senders invent.
    /// </summary>
    public int MaxCachedEntries { get; set; } = 10_000;
}
