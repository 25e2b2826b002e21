using Kabin.Tenants;
using Microsoft.Extensions.Configuration;

namespace Kabin.Tests.Tenants;

public sealed class TenantOptionsValidatorTests
{
    private readonly TenantOptionsValidator _validator = new();

    [Fact]
    public void The_shipped_defaults_are_valid()
    {
        Assert.True(_validator.Validate(null, new TenantOptions()).Succeeded);
    }

    [Fact]
    public void Defaults_that_make_an_invalid_tenant_fail_at_start()
    {
        var options = new TenantOptions();
        options.Defaults.SandboxMaxCpu = "16";
        options.Defaults.Egress = "all";

        var result = _validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, failure => failure.Contains("sandboxes.maxCpu", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, failure => failure.Contains("network.egress", StringComparison.Ordinal));
    }

    [Fact]
    public void Malformed_options_name_the_setting_to_fix()
    {
        var options = new TenantOptions { NamespacePrefix = "Tenant_", IngressNamespace = "", ConflictAttempts = 0 };
        options.RuntimeClassOverheads["kata-qemu"] = new RuntimeClassOverhead { Cpu = "a lot", Memory = "160Mi" };

        var failures = _validator.Validate(null, options).Failures!;

        Assert.Contains(failures, failure => failure.Contains("Kabin:Tenants:NamespacePrefix", StringComparison.Ordinal));
        Assert.Contains(failures, failure => failure.Contains("Kabin:Tenants:IngressNamespace", StringComparison.Ordinal));
        Assert.Contains(failures, failure => failure.Contains("Kabin:Tenants:ConflictAttempts", StringComparison.Ordinal));
        Assert.Contains(failures, failure => failure.Contains("RuntimeClassOverheads:kata-qemu:Cpu", StringComparison.Ordinal));
    }

    [Fact]
    public void Configured_runtime_classes_replace_the_default_list_and_add_overheads()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kabin:Tenants:Defaults:RuntimeClasses:0"] = "kata-clh",
            ["Kabin:Tenants:RuntimeClassOverheads:kata-remote:Cpu"] = "500m",
            ["Kabin:Tenants:RuntimeClassOverheads:kata-remote:Memory"] = "256Mi",
        }).Build();
        var options = new TenantOptions();

        configuration.GetSection("Kabin:Tenants").Bind(options);

        Assert.Equal(["kata-clh"], options.Defaults.EffectiveRuntimeClasses);
        Assert.Equal(["kata-clh", "kata-fc", "kata-qemu", "kata-remote"], options.RuntimeClassOverheads.Keys.Order(StringComparer.Ordinal));
        Assert.True(_validator.Validate(null, options).Succeeded);
    }
}
