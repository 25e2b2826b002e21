namespace Kabin.Core.Tests.Policy;

/// <summary>A theory over the shared Pod Security fixtures that shows as skipped, with the reason, where they are absent.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PodSecurityFixturesTheoryAttribute : TheoryAttribute
{
    public PodSecurityFixturesTheoryAttribute()
    {
        if (SharedFixtures.PodSecurity is null)
        {
            Skip = "The Pod Security conformance fixtures are absent: expected <repo>/../shared/conformance/pod-security " +
                "(or set KABIN_SHARED_DIR to the shared folder).";
        }
    }
}
