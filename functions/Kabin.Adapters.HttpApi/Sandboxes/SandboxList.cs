using Kabin.Sandboxes;

namespace Kabin.Adapters.HttpApi.Sandboxes;

/// <summary>A tenant's sandboxes: the live ones, then those that ended and are still kept for polling.</summary>
public sealed record SandboxList(string Tenant, IReadOnlyList<SandboxRecord> Sandboxes);
