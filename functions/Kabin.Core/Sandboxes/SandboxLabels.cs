namespace Kabin.Sandboxes;

/// <summary>The labels every sandbox pod carries.</summary>
public static class SandboxLabels
{
    public const string Tenant = "kabin.dev/tenant";
    public const string Sandbox = "kabin.dev/sandbox";

    /// <summary>On a warm pool's unclaimed member: the pool's name.</summary>
    public const string Pool = "kabin.dev/pool";

    /// <summary>On a warm pool's member: the hash of the template it was made from.</summary>
    public const string PoolTemplate = "kabin.dev/pool-template";

    /// <summary>On a claimed member: the pool it came from.</summary>
    public const string ClaimedFrom = "kabin.dev/claimed-from-pool";
}
