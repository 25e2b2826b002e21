namespace Kabin.Sandboxes.AgentSandbox;

/// <summary>The kinds of Kubernetes' agent-sandbox project (SIG Apps) that Kabin writes and follows, v1beta1.</summary>
public static class AgentSandboxKinds
{
    public const string CoreApiVersion = "agents.x-k8s.io/v1beta1";
    public const string ExtensionsApiVersion = "extensions.agents.x-k8s.io/v1beta1";

    /// <summary>One VM sandbox with its pod template (the core kind); Kabin creates one for a request no pool serves.</summary>
    public const string Sandbox = "Sandbox";

    public const string SandboxTemplate = "SandboxTemplate";
    public const string SandboxWarmPool = "SandboxWarmPool";

    /// <summary>A request for a sandbox from a warm pool; the controller binds it to a warm Sandbox or starts a cold one.</summary>
    public const string SandboxClaim = "SandboxClaim";

    /// <summary>Whether <paramref name="apiVersion"/> and <paramref name="kind"/> are a kind whose status Kabin follows.</summary>
    public static bool IsFollowed(string? apiVersion, string? kind) =>
        (apiVersion, kind) is (CoreApiVersion, Sandbox) or (ExtensionsApiVersion, SandboxClaim);
}
