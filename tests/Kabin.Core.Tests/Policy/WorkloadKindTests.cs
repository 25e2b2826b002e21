using Kabin.Policy;

namespace Kabin.Core.Tests.Policy;

public sealed class WorkloadKindTests
{
    private readonly PolicyEngine _engine = new();

    public static TheoryData<string, string, string> Kinds() => Workloads.Kinds();

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Compliant_workload_of_each_kind_is_allowed(string file, string specPath, string specPointer)
    {
        var workload = Workloads.Load(file);

        var verdict = _engine.Check(workload, TestTenants.Acme());

        Assert.True(verdict.Allowed, $"{file} ({specPath}, {specPointer}): {string.Join("; ", verdict.Violations)}");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Findings_carry_the_objects_own_field_path(string file, string specPath, string specPointer)
    {
        var workload = Workloads.Load(file);
        Workloads.SecurityContext(Workloads.Container(workload))["privileged"] = true;
        Workloads.SpecOf(workload).Remove("runtimeClassName");

        var verdict = _engine.Check(workload, TestTenants.Acme());

        Assert.Contains(verdict.Violations, v => v.Rule == "pod-security/privileged" && v.Path == specPath + ".containers[0].securityContext.privileged");
        Assert.Contains(verdict.Violations, v => v.Rule == PolicyRules.RuntimeClass && v.Path == specPath + ".runtimeClassName");
        Assert.StartsWith("/", specPointer, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Default_runtime_class_patch_targets_the_pod_spec_and_makes_the_workload_pass(string file, string specPath, string specPointer)
    {
        var workload = Workloads.Load(file);
        Workloads.SpecOf(workload).Remove("runtimeClassName");
        var tenant = TestTenants.Acme();

        var patch = RuntimeClassDefaulter.CreatePatch(workload, tenant);
        Workloads.ApplyPatch(workload, patch);

        var operation = Assert.Single(patch)!.AsObject();
        Assert.Equal(("add", specPointer + "/runtimeClassName", "kata-qemu"),
            (operation["op"]!.GetValue<string>(), operation["path"]!.GetValue<string>(), operation["value"]!.GetValue<string>()));
        Assert.True(_engine.Check(workload, tenant).Allowed, specPath);
    }

    [Fact]
    public void Empty_runtime_class_is_replaced_and_a_named_one_is_left_alone()
    {
        var tenant = TestTenants.Acme();
        var empty = Workloads.Load("cronjob");
        Workloads.SpecOf(empty)["runtimeClassName"] = "";
        var named = Workloads.Load("cronjob");
        Workloads.SpecOf(named)["runtimeClassName"] = "kata-fc";

        var replace = Assert.Single(RuntimeClassDefaulter.CreatePatch(empty, tenant))!.AsObject();

        Assert.Equal("replace", replace["op"]!.GetValue<string>());
        Assert.Equal("/spec/jobTemplate/spec/template/spec/runtimeClassName", replace["path"]!.GetValue<string>());
        Assert.Empty(RuntimeClassDefaulter.CreatePatch(named, tenant));
    }

    [Theory]
    [InlineData("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"}}""", "kind")]
    [InlineData("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"x"},"spec":{"replicas":1}}""", "spec.template.spec")]
    [InlineData("""{"apiVersion":"v1","kind":"Service","metadata":{"name":"x"},"spec":{}}""", "kind")]
    [InlineData("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"x"}}""", "spec")]
    [InlineData("""{"apiVersion":"agents.x-k8s.io/v1beta1","kind":"Sandbox","metadata":{"name":"x"},"spec":{}}""", "spec.podTemplate.spec")]
    [InlineData("""{"apiVersion":"example.com/v1","kind":"Sandbox","metadata":{"name":"x"},"spec":{}}""", "kind")]
    [InlineData("""[1, 2]""", "object")]
    public void Malformed_objects_are_invalid_input_naming_the_field(string json, string field)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(json);

        var error = Assert.Throws<InvalidEventDataException>(() => PodTemplateLocator.Locate(node));

        Assert.Equal(field, Assert.Single(error.Errors).Field);
    }
}
