namespace Kabin.Sandboxes;

/// <summary>
/// One live sandbox in its tenant's index, with the deadline the reaper acts on. The entry is
/// what claims the name: <paramref name="RequestId"/> is the id of the request event that added
/// it, so that a redelivery of that same event can finish a creation cut short. An entry a tick
/// ended names that tick (<paramref name="EndedBy"/>, as <see cref="Events.EventKey"/> writes it),
/// so that a redelivered tick finds the sandboxes it expired and answers for them again; until the
/// sink has taken its <c>expired</c> event, <paramref name="AwaitingSink"/> is true and every later
/// tick publishes that event again (the outbox of the reaper). A live entry also names the one
/// delivery that holds the claim (<paramref name="Claim"/>, since <paramref name="ClaimedAt"/>):
/// only that delivery writes the record, so a concurrent delivery of the same request can never
/// overwrite a record that has moved on; a redelivery takes the claim over once the holder has had
/// <see cref="SandboxOptions.ClaimLeaseSeconds"/> to finish. An ended entry whose pod finished on its own
/// names when a tick deletes that pod (<paramref name="PodDeleteAt"/>).
/// </summary>
public sealed record SandboxIndexEntry(
    string Name, DateTimeOffset ExpiresAt, string? RequestId = null, string? EndedBy = null, bool? AwaitingSink = null,
    string? Claim = null, DateTimeOffset? ClaimedAt = null, DateTimeOffset? PodDeleteAt = null);
