namespace Kabin.Manifests.Tests.Support;

/// <summary>A fact that needs node and the validator's packages; skipped, saying how to get them, where either is missing.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ValidatorFactAttribute : FactAttribute
{
    public ValidatorFactAttribute()
    {
        if (Tools.Node is null)
        {
            Skip = "node is not on PATH; run tests/Kabin.Manifests.Tests/validate/install.sh (CI does).";
        }
        else if (!Tools.ValidatorInstalled)
        {
            Skip = "The validator's npm packages are not installed; run tests/Kabin.Manifests.Tests/validate/install.sh (CI does).";
        }
    }
}
