namespace Kabin.Tenants;

/// <summary>Finds tenant records by name or by namespace, for the policy and sandbox functions.</summary>
public interface ITenantDirectory
{
    Task<TenantRecord?> FindByNameAsync(string tenant, CancellationToken cancellationToken);

    /// <summary>The tenant that owns <paramref name="namespaceName"/>, or null when no tenant does.</summary>
    Task<TenantRecord?> FindByNamespaceAsync(string namespaceName, CancellationToken cancellationToken);

    /// <summary>Drops cached entries for a tenant after this process changed it.</summary>
    void Invalidate(string tenant);
}
