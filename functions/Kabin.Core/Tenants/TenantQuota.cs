namespace Kabin.Tenants;

/// <summary>The tenant's compute budget as Kubernetes quantities, before VM overhead is added.</summary>
public sealed record TenantQuota(string Cpu, string Memory, int Pods);
