using Kabin.Sandboxes;

namespace Kabin.Tenants;

/// <summary>The labels on every object the tenant function applies.</summary>
public static class TenantLabels
{
    public const string Tenant = SandboxLabels.Tenant;
    public const string ManagedBy = "app.kubernetes.io/managed-by";
    public const string ManagedByValue = "kabin";

    /// <summary>On RoleBindings: <c>owner</c> for one per owner, <c>service-account</c> for the tenant-admin account's.</summary>
    public const string Binding = "kabin.dev/binding";

    /// <summary>The label selector of a tenant's owner RoleBindings, used to prune owners no longer listed.</summary>
    public static string OwnerBindings(string tenant) => $"{Tenant}={tenant},{Binding}=owner";

    /// <summary>The label selector of every RoleBinding that gives someone the tenant's namespace: removed first on offboarding.</summary>
    public static string AccessBindings(string tenant) => $"{Tenant}={tenant},{Binding}";

    /// <summary>The label selector of a tenant's sandbox pods.</summary>
    public static string SandboxPods(string tenant) => $"{Tenant}={tenant},{SandboxLabels.Sandbox}";

    /// <summary>The unclaimed members of the tenant's warm pools.</summary>
    public static string PoolMembers(string tenant) => $"{Tenant}={tenant},{SandboxLabels.Pool}";
}
