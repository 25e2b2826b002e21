namespace Kabin.Tenants;

/// <summary>How many VM sandboxes a tenant may run at once, and the largest one (CPU and memory limits).</summary>
public sealed record SandboxLimits(int Max, string MaxCpu, string MaxMemory);
