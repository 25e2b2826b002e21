namespace Kabin.Tenants;

/// <summary>
/// What a deletion leaves at <see cref="TenantStateKeys.Tombstone"/>: when the tenant was deleted
/// (the <c>deleted</c> event's <c>time</c>, or its arrival when it had none) and by which event.
/// A <c>created</c> or <c>updated</c> no later than that is older than the deletion and is refused,
/// so a redelivery or a late event never brings a deleted tenant back; a newer one creates the
/// tenant again. One small key per deleted name, replaced by the next deletion of that name.
/// </summary>
public sealed record TenantTombstone(DateTimeOffset DeletedAt, string DeletedBy)
{
    /// <summary>What the deletion answered, once it finished: its redeliveries answer the same.</summary>
    public TenantDeprovisioned? Answer { get; init; }
}
