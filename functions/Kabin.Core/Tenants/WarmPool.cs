namespace Kabin.Tenants;

/// <summary>
/// A tenant's warm pool as validated: <see cref="Replicas"/> sandbox pods of one runtime class,
/// size and image kept Running ahead of requests. A Kata VM is sized when it boots, so a pool
/// serves only requests of exactly its class, size and image.
/// </summary>
public sealed record WarmPool(string Name, string RuntimeClass, string Cpu, string Memory, string Image, int Replicas, WarmPoolUpdateStrategy UpdateStrategy)
{
    /// <summary>What a member's template is; members with another hash are stale after a change.</summary>
    public string TemplateHash => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
        System.Text.Encoding.UTF8.GetBytes(string.Join('\n', RuntimeClass, Cpu, Memory, Image))))[..12];
}

/// <summary>How a changed pool replaces its unclaimed members (as agent-sandbox's SandboxWarmPool).</summary>
public enum WarmPoolUpdateStrategy
{
    /// <summary>Stale unclaimed members stay until claimed; their replacements use the new template.</summary>
    OnReplenish,

    /// <summary>Stale unclaimed members are deleted at once and replaced.</summary>
    Recreate,
}
