namespace Kabin.Tenants;

/// <summary>Where tenant state lives in the state store.</summary>
public static class TenantStateKeys
{
    /// <summary>The <see cref="TenantRecord"/> of one tenant.</summary>
    public static string Record(string tenant) => $"tenant/{tenant}";

    /// <summary>The name of the tenant that owns a namespace, as a <see cref="TenantNamespaceEntry"/>.</summary>
    public static string Namespace(string @namespace) => $"tenant-namespace/{@namespace}";

    /// <summary>The <see cref="TenantTombstone"/> a deletion of the tenant left.</summary>
    public static string Tombstone(string tenant) => $"tenant-tombstone/{tenant}";

    /// <summary>The single <see cref="TenantIndex"/> of earlier versions: read, and only ever shrunk (see <see cref="TenantIndexShards"/>).</summary>
    public const string Index = "tenants";

    /// <summary>One shard of the <see cref="TenantIndex"/> (<see cref="TenantIndexShards"/>).</summary>
    public static string IndexShard(int shard) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"tenants/{shard:D2}");
}
