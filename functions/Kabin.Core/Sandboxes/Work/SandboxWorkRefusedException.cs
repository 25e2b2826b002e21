namespace Kabin.Sandboxes.Work;

/// <summary>Work in a sandbox that cannot be done as asked: the same request gets the same answer.</summary>
public sealed class SandboxWorkRefusedException(SandboxWorkRefusal refusal, string message) : KabinException(message)
{
    public SandboxWorkRefusal Refusal { get; } = refusal;
}
