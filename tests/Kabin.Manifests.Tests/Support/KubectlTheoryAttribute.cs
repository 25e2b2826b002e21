namespace Kabin.Manifests.Tests.Support;

/// <summary>A theory that needs kubectl; skipped, saying how to get it, where it is missing.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class KubectlTheoryAttribute : TheoryAttribute
{
    public KubectlTheoryAttribute()
    {
        if (Tools.Kubectl is null)
        {
            Skip = "kubectl is not on PATH; run tests/Kabin.Manifests.Tests/validate/install.sh (CI does; it installs Debian's kubernetes-client).";
        }
    }
}
