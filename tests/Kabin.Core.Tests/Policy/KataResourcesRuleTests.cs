using System.Text.Json.Nodes;
using Kabin.Policy;
using Kabin.Tenants;

namespace Kabin.Core.Tests.Policy;

public sealed class KataResourcesRuleTests
{
    private readonly PolicyEngine _engine = new();

    [Fact]
    public void Init_container_without_memory_limit_is_denied_at_its_path()
    {
        var pod = Workloads.Pod();
        ((JsonObject)Workloads.Container(pod, "initContainers")["resources"]!["limits"]!).Remove("memory");

        var verdict = _engine.Check(pod, TestTenants.Acme());

        var finding = Assert.Single(verdict.Violations);
        Assert.Equal((PolicyRules.Resources, "spec.initContainers[0].resources.limits.memory"), (finding.Rule, finding.Path));
    }

    [Fact]
    public void Unparsable_limit_is_denied_with_how_to_write_it()
    {
        var pod = Workloads.Pod();
        Workloads.Container(pod)["resources"]!["limits"]!["cpu"] = "lots";

        var verdict = _engine.Check(pod, TestTenants.Acme());

        var finding = Assert.Single(verdict.Violations);
        Assert.Equal("spec.containers[0].resources.limits.cpu", finding.Path);
        Assert.Contains("500m", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void App_containers_together_above_the_largest_sandbox_are_denied()
    {
        var pod = Workloads.Pod();
        var second = Workloads.Container(pod).DeepClone().AsObject();
        second["name"] = "worker";
        second["resources"]!["limits"]!["cpu"] = "1600m";
        ((JsonArray)Workloads.SpecOf(pod)["containers"]!).Add(second);

        var verdict = _engine.Check(pod, TestTenants.Acme());

        var finding = Assert.Single(verdict.Violations);
        Assert.Equal((PolicyRules.Resources, "spec.containers[*].resources.limits.cpu"), (finding.Rule, finding.Path));
        Assert.Contains("2100m", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1500m", true)]
    [InlineData("3", false)]
    public void Init_container_counts_as_the_maximum_not_the_sum(string initCpu, bool allowed)
    {
        var pod = Workloads.Pod();
        Workloads.Container(pod, "initContainers")["resources"]!["limits"]!["cpu"] = initCpu;
        Workloads.Container(pod)["resources"]!["limits"]!["cpu"] = "1";

        var verdict = _engine.Check(pod, TestTenants.Acme());

        Assert.Equal(allowed, verdict.Allowed);
    }

    [Fact]
    public void Sidecar_init_container_adds_to_the_app_containers()
    {
        var pod = Workloads.Pod();
        var sidecar = Workloads.Container(pod, "initContainers");
        sidecar["restartPolicy"] = "Always";
        sidecar["resources"]!["limits"]!["cpu"] = "1";
        Workloads.Container(pod)["resources"]!["limits"]!["cpu"] = "1500m";

        var verdict = _engine.Check(pod, TestTenants.Acme());

        Assert.Contains(verdict.Violations, v => v.Rule == PolicyRules.Resources && v.Message.Contains("2500m", StringComparison.Ordinal));
    }

    [Fact]
    public void A_check_that_throws_denies_with_policy_error()
    {
        var tenant = TestTenants.Acme() with { Sandboxes = new SandboxLimits(5, "not-a-quantity", "4Gi") };

        var verdict = _engine.Check(Workloads.Pod(), tenant);

        Assert.False(verdict.Allowed);
        var finding = Assert.Single(verdict.Violations);
        Assert.Equal(PolicyRules.Error, finding.Rule);
        Assert.Contains(PolicyRules.Resources, finding.Message, StringComparison.Ordinal);
    }
}
