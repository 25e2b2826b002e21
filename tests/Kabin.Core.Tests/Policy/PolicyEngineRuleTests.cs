using System.Text.Json.Nodes;
using Kabin.Policy;
using Kabin.Tenants;

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

    [Theory]
    [InlineData("ghcr.io/acme/app:1", "ghcr.io/acme", true)]
    [InlineData("ghcr.io/acme-evil/app:1", "ghcr.io/acme", false)]
    [InlineData("quay.io/acme/app:1", "ghcr.io/acme", false)]
    [InlineData("nginx", "docker.io/library/nginx", true)]
    [InlineData("nginx:1.27", "docker.io/library/", true)]
    [InlineData("library/nginx", "docker.io/library/nginx", true)]
    [InlineData("acme/app", "docker.io/acme/", true)]
    [InlineData("nginx", "ghcr.io/acme", false)]
    public void Images_are_matched_by_prefix_after_normalizing(string image, string registry, bool allowed)
    {
        var pod = Workloads.Pod();
        Workloads.Container(pod)["image"] = image;
        Workloads.Container(pod, "initContainers")["image"] = registry.TrimEnd('/') + "/setup:1";

        var verdict = _engine.Check(pod, TestTenants.Acme(PodSecurityLevel.Restricted, registry));

        Assert.Equal(allowed, verdict.Allowed);
        if (!allowed)
        {
            var finding = Assert.Single(verdict.Violations);
            Assert.Equal((PolicyRules.Registry, "spec.containers[0].image"), (finding.Rule, finding.Path));
        }
    }

    [Fact]
    public void Any_registry_is_allowed_when_the_tenant_names_none()
    {
        var tenant = TestTenants.Acme() with { Registries = [] };
        var pod = Workloads.Pod();
        Workloads.Container(pod)["image"] = "quay.io/anyone/app";

        Assert.True(_engine.Check(pod, tenant).Allowed);
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
