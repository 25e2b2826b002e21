namespace Kabin.Tenants;

/// <summary>
/// The data of <c>dev.kabin.tenant.deprovisioned</c>: the tenant is gone. <see cref="Existed"/> is
/// false when nothing of it was left (an unknown tenant, or a redelivered deletion).
/// </summary>
public sealed record TenantDeprovisioned(string Tenant, string Namespace, bool Existed, int SandboxesDeleted);
