namespace Kabin.Sandboxes;

/// <summary>What runs sandboxes (<see cref="SandboxOptions.Backend"/>).</summary>
public static class SandboxBackends
{
    /// <summary>Kabin's own sandbox pods, and warm pools of pods it keeps itself.</summary>
    public const string Pods = "pods";

    /// <summary>
    /// Kubernetes' agent-sandbox controller: pools as SandboxTemplate + SandboxWarmPool, each
    /// sandbox a SandboxClaim (or a Sandbox when no pool serves it), followed by their status.
    /// </summary>
    public const string AgentSandbox = "agent-sandbox";
}
