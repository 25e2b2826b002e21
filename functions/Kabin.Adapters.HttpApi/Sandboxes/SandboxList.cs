using Kabin.Sandboxes;

namespace Kabin.Adapters.HttpApi.Sandboxes;

/// <summary>
/// A page of a tenant's sandboxes, live and ended (kept for polling), in name order;
/// <see cref="Continue"/> (absent on the last page) asks for the next one.
/// </summary>
public sealed record SandboxList(string Tenant, IReadOnlyList<SandboxRecord> Sandboxes)
{
    public string? Continue { get; init; }
}
