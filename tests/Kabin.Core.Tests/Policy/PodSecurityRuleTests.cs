using System.Text.Json.Nodes;
using Kabin.Policy;
using Kabin.Tenants;

namespace Kabin.Core.Tests.Policy;

public sealed class PodSecurityRuleTests
{
    private readonly PolicyEngine _engine = new();

    [Fact]
    public void Restricted_only_finding_is_a_violation_for_a_restricted_tenant()
    {
        var pod = Workloads.Pod();
        Workloads.SecurityContext(Workloads.Container(pod)).Remove("allowPrivilegeEscalation");

        var verdict = _engine.Check(pod, TestTenants.Acme(PodSecurityLevel.Restricted));

        var finding = Assert.Single(verdict.Violations);
        Assert.Equal(("pod-security/allowPrivilegeEscalation", "spec.containers[0].securityContext.allowPrivilegeEscalation"), (finding.Rule, finding.Path));
        Assert.Contains("Set securityContext.allowPrivilegeEscalation to false", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Restricted_only_finding_is_a_warning_for_a_baseline_tenant()
    {
        var pod = Workloads.Pod();
        Workloads.SecurityContext(Workloads.Container(pod)).Remove("allowPrivilegeEscalation");

        var verdict = _engine.Check(pod, TestTenants.Acme(PodSecurityLevel.Baseline));

        Assert.True(verdict.Allowed);
        var warning = Assert.Single(verdict.Warnings);
        Assert.Equal("pod-security/allowPrivilegeEscalation", warning.Rule);
    }

    [Fact]
    public void Baseline_finding_denies_a_baseline_tenant()
    {
        var pod = Workloads.Pod();
        Workloads.SecurityContext(Workloads.Container(pod, "initContainers"))["privileged"] = true;

        var verdict = _engine.Check(pod, TestTenants.Acme(PodSecurityLevel.Baseline));

        var finding = Assert.Single(verdict.Violations);
        Assert.Equal(("pod-security/privileged", "spec.initContainers[0].securityContext.privileged"), (finding.Rule, finding.Path));
    }

    [Fact]
    public void Ephemeral_containers_are_checked()
    {
        var pod = Workloads.Pod();
        Workloads.SpecOf(pod)["ephemeralContainers"] = new JsonArray(new JsonObject
        {
            ["name"] = "debug",
            ["image"] = "ghcr.io/acme/debug:1",
            ["securityContext"] = new JsonObject { ["privileged"] = true, ["allowPrivilegeEscalation"] = false, ["capabilities"] = new JsonObject { ["drop"] = new JsonArray("ALL") } },
        });

        var verdict = _engine.Check(pod, TestTenants.Acme());

        var finding = Assert.Single(verdict.Violations);
        Assert.Equal(("pod-security/privileged", "spec.ephemeralContainers[0].securityContext.privileged"), (finding.Rule, finding.Path));
    }

    [Fact]
    public void Restricted_capabilities_replace_the_baseline_check_as_in_pod_security_admission()
    {
        var pod = Workloads.Pod();
        Workloads.SecurityContext(Workloads.Container(pod))["capabilities"] = new JsonObject
        {
            ["drop"] = new JsonArray("ALL"),
            ["add"] = new JsonArray("SYS_ADMIN"),
        };

        var restricted = _engine.Check(pod, TestTenants.Acme(PodSecurityLevel.Restricted));
        var baseline = _engine.Check(pod, TestTenants.Acme(PodSecurityLevel.Baseline));

        Assert.Equal(["pod-security/capabilities_restricted"], restricted.Violations.Select(v => v.Rule));
        Assert.Equal(["pod-security/capabilities_baseline"], baseline.Violations.Select(v => v.Rule));
        Assert.Equal("spec.containers[0].securityContext.capabilities.add[0]", baseline.Violations[0].Path);
        Assert.Contains(baseline.Warnings, w => w.Rule == "pod-security/capabilities_restricted");
    }

    [Fact]
    public void Seccomp_at_pod_level_covers_every_container_and_its_absence_names_each()
    {
        var pod = Workloads.Pod();
        ((JsonObject)Workloads.SpecOf(pod)["securityContext"]!).Remove("seccompProfile");

        var verdict = _engine.Check(pod, TestTenants.Acme());

        Assert.Equal(
            ["spec.initContainers[0].securityContext.seccompProfile", "spec.containers[0].securityContext.seccompProfile"],
            verdict.Violations.Select(v => v.Path));
        Assert.All(verdict.Violations, v => Assert.Equal("pod-security/seccompProfile_restricted", v.Rule));
    }

    [Fact]
    public void Apparmor_annotation_on_a_template_is_reported_at_the_template_metadata()
    {
        var deployment = Workloads.Load("deployment");
        deployment["spec"]!["template"]!["metadata"]!["annotations"] = new JsonObject
        {
            ["container.apparmor.security.beta.kubernetes.io/app"] = "unconfined",
        };

        var verdict = _engine.Check(deployment, TestTenants.Acme());

        var finding = Assert.Single(verdict.Violations);
        Assert.Equal(
            ("pod-security/appArmorProfile", "spec.template.metadata.annotations[container.apparmor.security.beta.kubernetes.io/app]"),
            (finding.Rule, finding.Path));
    }

    [Fact]
    public void Host_path_volume_is_restricted_volumes_at_restricted_and_host_path_volumes_at_baseline()
    {
        var pod = Workloads.Pod();
        Workloads.SpecOf(pod)["volumes"] = new JsonArray(new JsonObject { ["name"] = "root", ["hostPath"] = new JsonObject { ["path"] = "/" } });

        var restricted = _engine.Check(pod, TestTenants.Acme(PodSecurityLevel.Restricted));
        var baseline = _engine.Check(pod, TestTenants.Acme(PodSecurityLevel.Baseline));

        Assert.Equal([("pod-security/restrictedVolumes", "spec.volumes[0].hostPath")], restricted.Violations.Select(v => (v.Rule, v.Path)));
        Assert.Equal([("pod-security/hostPathVolumes", "spec.volumes[0].hostPath")], baseline.Violations.Select(v => (v.Rule, v.Path)));
    }
}
