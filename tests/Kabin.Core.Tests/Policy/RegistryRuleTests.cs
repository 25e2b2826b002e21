using Kabin.Policy;
using Kabin.Tenants;

namespace Kabin.Core.Tests.Policy;

public sealed class RegistryRuleTests
{
    private readonly PolicyEngine _engine = new();

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
}
