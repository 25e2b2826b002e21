namespace Kabin.Sandboxes;

/// <summary>The data of <c>dev.kabin.sandbox.stop.requested</c>.</summary>
public sealed record SandboxStopRequest(string? Tenant, string? Name);
