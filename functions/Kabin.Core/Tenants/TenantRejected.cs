namespace Kabin.Tenants;

/// <summary>The data of <c>dev.kabin.tenant.rejected</c>: every invalid field with how to fix it; nothing was changed.</summary>
public sealed record TenantRejected(string? Tenant, IReadOnlyList<FieldError> Reasons);
