using Kabin.Tenants;

namespace Kabin.Core.Tests.Policy;

/// <summary>Tenant records as the tenant function stores them.</summary>
internal static class TestTenants
{
    public static TenantRecord Acme(PodSecurityLevel level = PodSecurityLevel.Restricted, params string[] registries) => new()
    {
        Name = "acme",
        Namespace = "kabin-acme",
        Owners = [new TenantOwner("Group", "acme-admins")],
        PodSecurity = level,
        RuntimeClasses = ["kata-qemu", "kata-fc"],
        DefaultRuntimeClass = "kata-qemu",
        Registries = registries.Length == 0 ? ["ghcr.io/acme"] : registries,
        Quota = new TenantQuota("8", "16Gi", 20),
        Sandboxes = new SandboxLimits(5, "2", "4Gi"),
        Network = new TenantNetwork("cluster"),
    };
}
