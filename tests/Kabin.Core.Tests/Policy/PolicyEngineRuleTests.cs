using Kabin.Policy;

namespace Kabin.Core.Tests.Policy;

public sealed class PolicyEngineRuleTests
{
    private readonly PolicyEngine _engine = new();

    [Fact]
    public void Compliant_pod_is_allowed_without_findings()
    {
        var verdict = _engine.Check(Workloads.Pod(), TestTenants.Acme());

        Assert.True(verdict.Allowed, string.Join("; ", verdict.Violations));
        Assert.Empty(verdict.Violations);
        Assert.Empty(verdict.Warnings);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Missing_or_empty_runtime_class_is_denied(string? runtimeClass)
    {
        var pod = Workloads.Pod();
        Workloads.SpecOf(pod).Remove("runtimeClassName");
        if (runtimeClass is not null)
        {
            Workloads.SpecOf(pod)["runtimeClassName"] = runtimeClass;
        }

        var verdict = _engine.Check(pod, TestTenants.Acme());

        var finding = Assert.Single(verdict.Violations);
        Assert.Equal((PolicyRules.RuntimeClass, "spec.runtimeClassName"), (finding.Rule, finding.Path));
        Assert.Contains("kata-qemu", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Runtime_class_outside_the_tenants_list_is_denied()
    {
        var pod = Workloads.Pod();
        Workloads.SpecOf(pod)["runtimeClassName"] = "runc";

        var verdict = _engine.Check(pod, TestTenants.Acme());

        var finding = Assert.Single(verdict.Violations);
        Assert.Equal(PolicyRules.RuntimeClass, finding.Rule);
        Assert.Contains("'runc'", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Host_network_is_denied_by_kata_and_pod_security()
    {
        var pod = Workloads.Pod();
        Workloads.SpecOf(pod)["hostNetwork"] = true;

        var verdict = _engine.Check(pod, TestTenants.Acme());

        Assert.Contains(verdict.Violations, v => v.Rule == PolicyRules.HostNetwork && v.Path == "spec.hostNetwork");
        Assert.Contains(verdict.Violations, v => v.Rule == "pod-security/hostNamespaces" && v.Path == "spec.hostNetwork");
    }

    [Theory]
    [InlineData("other-team")]
    [InlineData(null)]
    public void Object_outside_the_tenants_namespace_is_denied(string? ns)
    {
        var pod = Workloads.Pod();
        pod["metadata"]!["namespace"] = ns;

        var verdict = _engine.Check(pod, TestTenants.Acme());

        var finding = Assert.Single(verdict.Violations);
        Assert.Equal((PolicyRules.Namespace, "metadata.namespace"), (finding.Rule, finding.Path));
        Assert.Contains("kabin-acme", finding.Message, StringComparison.Ordinal);
    }
}
