using Kabin.Tenants;

namespace Kabin.Tests.Tenants;

/// <summary>The quota counts objects and local storage, as the multi-tenancy benchmark asks (MTB-PL1-CC-FNS-1 and -2).</summary>
public sealed class TenantQuotaTests
{
    private static readonly TenantOptions Options = new();

    [Fact]
    public void A_default_tenant_counts_storage_and_every_object_kind_and_gets_no_node_port_or_load_balancer()
    {
        var record = TenantSpecValidator.Validate(new TenantSpec { Name = "acme" }, Options).Record!;

        var hard = TenantResourceQuotaManifest.Build(record, Options)["spec"]!["hard"]!.AsObject();

        foreach (var resource in new[] { "pods", "services", "replicationcontrollers", "resourcequotas", "secrets", "configmaps", "persistentvolumeclaims",
                     "services.nodeports", "services.loadbalancers", "requests.ephemeral-storage", "limits.ephemeral-storage" })
        {
            Assert.True(hard.ContainsKey(resource), $"the quota has no {resource}");
        }

        Assert.Equal("0", (string?)hard["services.nodeports"]);
        Assert.Equal("0", (string?)hard["services.loadbalancers"]);
        Assert.Equal("1", (string?)hard["resourcequotas"]);
        Assert.Equal("40Gi", (string?)hard["requests.ephemeral-storage"]);
    }

    [Fact]
    public void A_spec_may_allow_node_ports_and_load_balancers_and_resize_each_count()
    {
        var spec = new TenantSpec
        {
            Name = "acme",
            Quota = new TenantQuotaSpec(null, null, null, EphemeralStorage: "100Gi", Services: 5, Secrets: 7, NodePorts: 2, LoadBalancers: 1),
        };

        var record = TenantSpecValidator.Validate(spec, Options).Record!;
        var hard = TenantResourceQuotaManifest.Build(record, Options)["spec"]!["hard"]!;

        Assert.Equal(("5", "7", "2", "1", "100Gi"),
            ((string?)hard["services"], (string?)hard["secrets"], (string?)hard["services.nodeports"], (string?)hard["services.loadbalancers"],
             (string?)hard["limits.ephemeral-storage"]));
    }

    [Fact]
    public void Counts_out_of_range_and_more_node_ports_than_services_are_refused_each_by_field()
    {
        var spec = new TenantSpec
        {
            Name = "acme",
            Quota = new TenantQuotaSpec(null, null, null, EphemeralStorage: "lots", Services: 2, Secrets: -1, ConfigMaps: 1_000_000, NodePorts: 3),
        };

        var validation = TenantSpecValidator.Validate(spec, Options);

        Assert.Null(validation.Record);
        Assert.Equal(
            ["quota.configMaps", "quota.ephemeralStorage", "quota.nodePorts", "quota.secrets"],
            validation.Errors.Select(error => error.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_tenant_record_stored_before_the_image_pull_option_keeps_pulling_always()
    {
        var json = """{"name":"acme","namespace":"kabin-acme","owners":[],"podSecurity":"restricted","runtimeClasses":["kata-qemu"],"defaultRuntimeClass":"kata-qemu","registries":[],"quota":{"cpu":"4","memory":"8Gi","pods":20},"sandboxes":{"max":5,"maxCpu":"2","maxMemory":"4Gi"},"network":{"egress":"none"}}""";

        var record = System.Text.Json.JsonSerializer.Deserialize(json, TenantJsonContext.Default.TenantRecord)!;

        Assert.False(record.CachedImagesAllowed);
        Assert.Equal("40Gi", record.Quota.EphemeralStorage);
    }

    [Fact]
    public void A_record_stored_before_object_counts_reads_with_the_defaults()
    {
        var json = """{"cpu":"4","memory":"8Gi","pods":20}""";

        var quota = System.Text.Json.JsonSerializer.Deserialize(json, TenantJsonContext.Default.TenantQuota)!;

        Assert.Equal("40Gi", quota.EphemeralStorage);
        Assert.Equal(new TenantObjectCounts(), quota.Counts);
    }
}
