namespace Kabin.Tenants;

/// <summary>
/// The pod overhead of one VM runtime class (its RuntimeClass <c>overhead.podFixed</c>), which
/// Kubernetes charges to the namespace's ResourceQuota for every pod of that class.
/// </summary>
public sealed class RuntimeClassOverhead
{
    /// <summary>CPU per pod, a Kubernetes quantity such as <c>250m</c>.</summary>
    public string Cpu { get; set; } = "250m";

    /// <summary>Memory per pod, a Kubernetes quantity such as <c>160Mi</c>.</summary>
    public string Memory { get; set; } = "160Mi";
}
