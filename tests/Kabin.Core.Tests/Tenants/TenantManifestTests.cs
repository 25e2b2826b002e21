using System.Text.Json.Nodes;
using Kabin.Tenants;

namespace Kabin.Tests.Tenants;

public sealed class TenantManifestTests
{
    private static readonly TenantOptions Options = new();

    [Theory]
    [InlineData(new[] { "kata-qemu" }, "4", "8Gi", 20, "9", "11392Mi")]
    [InlineData(new[] { "kata-qemu", "kata-clh" }, "8", "16Gi", 20, "13", "19584Mi")]
    [InlineData(new[] { "kata-clh", "kata-fc" }, "8", "16Gi", 20, "13", "18984Mi")]
    [InlineData(new[] { "kata-qemu" }, "1500m", "1Gi", 3, "2250m", "1504Mi")]
    public void Quota_adds_the_largest_vm_overhead_of_the_tenant_classes_for_every_pod(
        string[] classes, string cpu, string memory, int pods, string expectedCpu, string expectedMemory)
    {
        var spec = new TenantSpec
        {
            Name = "acme",
            RuntimeClasses = classes,
            Quota = new TenantQuotaSpec(cpu, memory, pods),
            Sandboxes = new SandboxLimitsSpec(1, "500m", "512Mi"),
        };
        var record = TenantSpecValidator.Validate(spec, Options).Record!;

        var hard = TenantResourceQuotaManifest.Build(record, Options)["spec"]!["hard"]!;

        Assert.Equal(expectedCpu, (string?)hard["requests.cpu"]);
        Assert.Equal(expectedCpu, (string?)hard["limits.cpu"]);
        Assert.Equal(expectedMemory, (string?)hard["requests.memory"]);
        Assert.Equal(expectedMemory, (string?)hard["limits.memory"]);
        Assert.Equal(pods.ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)hard["pods"]);
    }

    [Fact]
    public void Configured_overheads_replace_the_kata_defaults()
    {
        var options = new TenantOptions();
        options.RuntimeClassOverheads["kata-qemu"] = new RuntimeClassOverhead { Cpu = "1", Memory = "1Gi" };
        var record = TenantSpecValidator.Validate(new TenantSpec { Name = "acme" }, options).Record!;

        var (cpu, memory) = TenantResourceQuotaManifest.Budget(record, options);

        Assert.Equal("24", cpu.ToCpuString());
        Assert.Equal("28Gi", memory.ToMemoryString());
    }

    [Fact]
    public void Limit_range_defaults_never_exceed_the_largest_sandbox()
    {
        var spec = new TenantSpec { Name = "acme", Sandboxes = new SandboxLimitsSpec(1, "200m", "128Mi") };
        var record = TenantSpecValidator.Validate(spec, Options).Record!;

        var limits = TenantLimitRangeManifest.Build(record, Options)["spec"]!["limits"]![0]!;

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{ "cpu": "200m", "memory": "128Mi", "ephemeral-storage": "2Gi" }"""), limits["default"]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{ "cpu": "200m", "memory": "128Mi", "ephemeral-storage": "1Gi" }"""), limits["defaultRequest"]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{ "cpu": "200m", "memory": "128Mi" }"""), limits["max"]));
    }

    [Theory]
    [InlineData("none", """[{ "podSelector": {} }]""")]
    [InlineData("cluster", """[{ "podSelector": {} }, { "namespaceSelector": { "matchExpressions": [{ "key": "kubernetes.io/metadata.name", "operator": "NotIn", "values": ["kabin-system", "kube-system", "knative-serving", "cert-manager", "dapr-system"] }] } }]""")]
    [InlineData("internet", """[{ "podSelector": {} }, { "namespaceSelector": { "matchExpressions": [{ "key": "kubernetes.io/metadata.name", "operator": "NotIn", "values": ["kabin-system", "kube-system", "knative-serving", "cert-manager", "dapr-system"] }] } }, { "ipBlock": { "cidr": "0.0.0.0/0", "except": ["169.254.169.254/32"] } }]""")]
    public void Egress_follows_the_mode_and_never_reaches_the_metadata_address(string egress, string expectedPeers)
    {
        var spec = new TenantSpec { Name = "acme", Network = new TenantNetworkSpec(egress) };
        var record = TenantSpecValidator.Validate(spec, Options).Record!;

        var policies = TenantNetworkPolicyManifests.Build(record, Options).ToArray();

        var allow = policies.Single(policy => (string?)policy["metadata"]!["name"] == "kabin-allow-egress");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expectedPeers), allow["spec"]!["egress"]![0]!["to"]));
        var cidrs = policies.SelectMany(policy => policy.ToJsonString().Split('"')).Where(text => text.Contains("169.254", StringComparison.Ordinal));
        Assert.All(cidrs, cidr => Assert.Equal("169.254.169.254/32", cidr));
        Assert.Equal(egress == "internet" ? 1 : 0, policies.Sum(policy => policy.ToJsonString().Split("except").Length - 1));
    }

    [Fact]
    public void An_empty_monitoring_namespace_lets_no_monitoring_in()
    {
        var options = new TenantOptions { MonitoringNamespace = "" };
        var record = TenantSpecValidator.Validate(new TenantSpec { Name = "acme" }, options).Record!;

        var ingress = TenantNetworkPolicyManifests.Build(record, options)
            .Single(policy => (string?)policy["metadata"]!["name"] == "kabin-allow-ingress");

        Assert.Equal(3, ingress["spec"]!["ingress"]![0]!["from"]!.AsArray().Count);
        Assert.DoesNotContain("monitoring", ingress.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void With_a_broker_namespace_the_tenants_event_policy_comes_last_binding_its_senders_to_it()
    {
        var record = TenantSpecValidator.Validate(new TenantSpec { Name = "acme" }, Options).Record!;
        var withBroker = new TenantOptions { BrokerNamespace = "kabin-system" };

        var local = TenantManifests.Build(record, Options);
        var deployed = TenantManifests.Build(record, withBroker);

        Assert.DoesNotContain(local, manifest => (string?)manifest["kind"] == "EventPolicy");
        var policy = deployed[^1];
        Assert.Equal(("EventPolicy", "kabin-system", "kabin-tenant-acme"),
            ((string?)policy["kind"], (string?)policy["metadata"]!["namespace"], (string?)policy["metadata"]!["name"]));
        Assert.Equal("system:serviceaccount:tenant-acme:*", (string?)policy["spec"]!["from"]![0]!["sub"]);
        Assert.Equal("acme", (string?)policy["spec"]!["filters"]![0]!["all"]![0]!["exact"]!["kabintenant"]);
    }

    [Fact]
    public void Owner_binding_names_are_stable_valid_and_distinct_per_kind()
    {
        var user = TenantRbacManifests.OwnerBindingName(new TenantOwner("User", "alice@acme.example"));
        var group = TenantRbacManifests.OwnerBindingName(new TenantOwner("Group", "alice@acme.example"));

        Assert.Equal(user, TenantRbacManifests.OwnerBindingName(new TenantOwner("User", "alice@acme.example")));
        Assert.NotEqual(user, group);
        Assert.True(TenantSpecValidator.IsDnsLabel(user));
        Assert.StartsWith("kabin-owner-user-", user, StringComparison.Ordinal);
    }

    [Fact]
    public void A_service_account_owner_without_namespace_is_bound_from_the_tenant_namespace()
    {
        var spec = new TenantSpec { Name = "acme", Owners = [new TenantOwnerSpec("ServiceAccount", "deployer")] };
        var record = TenantSpecValidator.Validate(spec, Options).Record!;

        var binding = TenantRbacManifests.Build(record, Options).Single(b => (string?)b["metadata"]!["labels"]!["kabin.dev/binding"] == "owner");

        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""[{ "kind": "ServiceAccount", "name": "deployer", "namespace": "tenant-acme" }]"""), binding["subjects"]));
        Assert.Equal("kabin-tenant-admin", (string?)binding["roleRef"]!["name"]);
    }

    [Fact]
    public void The_sandbox_function_may_exec_in_the_tenants_namespace_only_and_the_binding_can_be_turned_off()
    {
        var record = TenantSpecValidator.Validate(new TenantSpec { Name = "acme" }, Options).Record!;
        var off = new TenantOptions { SandboxExecClusterRole = "" };

        var exec = TenantRbacManifests.Build(record, Options).Single(b => (string?)b["metadata"]!["name"] == TenantRbacManifests.SandboxExecBindingName);

        Assert.Equal(("RoleBinding", "tenant-acme", "kabin-sandbox-exec"), ((string?)exec["kind"], (string?)exec["metadata"]!["namespace"], (string?)exec["roleRef"]!["name"]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""[{ "kind": "ServiceAccount", "name": "kabin-sandbox", "namespace": "kabin-system" }]"""), exec["subjects"]));
        Assert.DoesNotContain(TenantRbacManifests.Build(record, off), b => (string?)b["metadata"]!["name"] == TenantRbacManifests.SandboxExecBindingName);
    }
}
