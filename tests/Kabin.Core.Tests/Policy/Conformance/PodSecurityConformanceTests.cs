using Kabin.Policy;
using Kabin.Tenants;

namespace Kabin.Core.Tests.Policy;

/// <summary>
/// Pod Security Admission's own fixtures (policy version v1.37): every pass pod is allowed and
/// every fail pod denied at its level by the check its file names.
/// </summary>
public sealed class PodSecurityConformanceTests
{
    public static TheoryData<string, string> PassFixtures() => Fixtures("pass");

    public static TheoryData<string, string> FailFixtures() => Fixtures("fail");

    [PodSecurityFixturesTheory]
    [MemberData(nameof(PassFixtures))]
    public void Pass_fixture_is_allowed_at_its_level(string level, string file)
    {
        var pod = YamlJson.ReadFile(Path.Combine(SharedFixtures.PodSecurity!, level, "pass", file));

        var verdict = PolicyEngine.CheckPodSecurity(pod, ParseLevel(level));

        Assert.True(verdict.Allowed, $"{level}/pass/{file} was denied: {Describe(verdict.Violations)}");
    }

    [PodSecurityFixturesTheory]
    [MemberData(nameof(FailFixtures))]
    public void Fail_fixture_is_denied_at_its_level_by_the_check_it_names(string level, string file)
    {
        var pod = YamlJson.ReadFile(Path.Combine(SharedFixtures.PodSecurity!, level, "fail", file));
        var check = CheckIdOf(file);

        var verdict = PolicyEngine.CheckPodSecurity(pod, ParseLevel(level));

        Assert.False(verdict.Allowed, $"{level}/fail/{file} was allowed.");
        var accepted = AcceptedRules(check, ParseLevel(level));
        Assert.True(
            verdict.Violations.Any(v => accepted.Contains(v.Rule)),
            $"{level}/fail/{file} was denied, but not by {string.Join(" or ", accepted)}: {Describe(verdict.Violations)}");
        Assert.DoesNotContain(verdict.Violations, v => v.Rule == PolicyRules.Error);
    }

    [PodSecurityFixturesTheory]
    [MemberData(nameof(FailFixtures))]
    public void Fail_fixture_names_a_check_of_the_engine(string level, string file)
    {
        var check = CheckIdOf(file);

        var known = PodSecurityChecks.All.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);

        Assert.True(known.Contains(check), $"{level}/fail/{file} names check '{check}', which the engine does not have.");
    }

    /// <summary>
    /// At level restricted Pod Security Admission replaces some baseline checks by stricter ones
    /// (capabilities_baseline by capabilities_restricted, ...); a restricted fail fixture named
    /// after the replaced check is denied by its replacement, exactly as PSA reports it.
    /// </summary>
    private static HashSet<string> AcceptedRules(string check, PodSecurityLevel level)
    {
        var accepted = new HashSet<string>(StringComparer.Ordinal) { PolicyRules.PodSecurityPrefix + check };
        if (level == PodSecurityLevel.Restricted)
        {
            foreach (var overriding in PodSecurityChecks.All.Where(c => c.Overrides == check))
            {
                accepted.Add(overriding.Rule);
            }
        }

        return accepted;
    }

    private static string CheckIdOf(string file)
    {
        var stem = Path.GetFileNameWithoutExtension(file).TrimEnd("0123456789".ToCharArray());
        return PodSecurityChecks.All.FirstOrDefault(c => string.Equals(c.Id, stem, StringComparison.OrdinalIgnoreCase))?.Id ?? stem;
    }

    private static PodSecurityLevel ParseLevel(string level) =>
        level == "restricted" ? PodSecurityLevel.Restricted : PodSecurityLevel.Baseline;

    private static string Describe(IEnumerable<PolicyViolation> violations) =>
        string.Join("; ", violations.Select(v => $"{v.Rule} at {v.Path}"));

    private static TheoryData<string, string> Fixtures(string outcome)
    {
        var data = new TheoryData<string, string>();
        if (SharedFixtures.PodSecurity is not { } root)
        {
            // One placeholder row keeps the theory discoverable; the attribute marks it skipped.
            data.Add("absent", "absent.yaml");
            return data;
        }

        foreach (var level in new[] { "baseline", "restricted" })
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(root, level, outcome), "*.yaml").Order(StringComparer.Ordinal))
            {
                data.Add(level, Path.GetFileName(file));
            }
        }

        return data;
    }
}
