namespace Kabin.Tenants;

/// <summary>The CloudEvent types the tenant function takes and answers with.</summary>
public static class TenantEventTypes
{
    /// <summary>A tenant's desired state (<see cref="TenantSpec"/>); reconciled exactly like an update.</summary>
    public const string Created = "dev.kabin.tenant.created";

    /// <summary>A tenant's new desired state (<see cref="TenantSpec"/>); creates the tenant when it is absent.</summary>
    public const string Updated = "dev.kabin.tenant.updated";

    /// <summary>Offboards a tenant (<see cref="TenantName"/>); deleting an unknown tenant succeeds.</summary>
    public const string Deleted = "dev.kabin.tenant.deleted";

    /// <summary>Reply: every object of the tenant is applied (or planned) and its record is stored.</summary>
    public const string Provisioned = "dev.kabin.tenant.provisioned";

    /// <summary>Reply: the tenant's sandboxes, namespace and records are gone.</summary>
    public const string Deprovisioned = "dev.kabin.tenant.deprovisioned";

    /// <summary>Reply: the spec is invalid; nothing was changed. The reasons say how to fix it.</summary>
    public const string Rejected = "dev.kabin.tenant.rejected";
}
