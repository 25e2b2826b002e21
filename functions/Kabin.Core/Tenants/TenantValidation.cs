namespace Kabin.Tenants;

/// <summary>The outcome of checking a spec: the normalized record to provision, or every reason it cannot be.</summary>
public sealed record TenantValidation(TenantRecord? Record, IReadOnlyList<FieldError> Errors)
{
    public bool IsValid => Record is not null && Errors.Count == 0;
}
