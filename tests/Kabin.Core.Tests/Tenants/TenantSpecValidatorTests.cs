using Kabin.Tenants;

namespace Kabin.Tests.Tenants;

public sealed class TenantSpecValidatorTests
{
    private static readonly TenantOptions Options = new();

    [Theory]
    [InlineData(null, "name")]
    [InlineData("", "name")]
    [InlineData("Acme", "name")]
    [InlineData("acme_corp", "name")]
    [InlineData("-acme", "name")]
    [InlineData("default", "name")]
    [InlineData("kube-public", "name")]
    [InlineData("knative-eventing", "name")]
    [InlineData("kabinet", "name")]
    public void Invalid_or_reserved_names_are_rejected(string? name, string field)
    {
        var result = TenantSpecValidator.Validate(new TenantSpec { Name = name }, Options);

        Assert.Null(result.Record);
        Assert.Equal([field], result.Errors.Select(error => error.Field));
    }

    [Fact]
    public void A_name_is_limited_so_that_prefix_and_name_fit_a_namespace()
    {
        var longest = new string('a', 63 - "tenant-".Length);

        var fits = TenantSpecValidator.Validate(new TenantSpec { Name = longest }, Options);
        var tooLong = TenantSpecValidator.Validate(new TenantSpec { Name = longest + "a" }, Options);

        Assert.True(fits.IsValid);
        Assert.Equal("tenant-" + longest, fits.Record!.Namespace);
        var error = Assert.Single(tooLong.Errors);
        Assert.Contains("at most 56", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_invalid_field_is_reported_at_once()
    {
        var spec = new TenantSpec
        {
            Name = "acme",
            Owners = [new TenantOwnerSpec("Robot", "r2"), new TenantOwnerSpec("User", ""), new TenantOwnerSpec("ServiceAccount", "a/b/c")],
            PodSecurity = "privileged",
            RuntimeClasses = ["kata-qemu"],
            DefaultRuntimeClass = "kata-fc",
            Registries = ["https://ghcr.io/acme"],
            Quota = new TenantQuotaSpec("2", "-1Gi", 10),
            Sandboxes = new SandboxLimitsSpec(-1, "4", "1Gi"),
            Network = new TenantNetworkSpec("world"),
        };

        var result = TenantSpecValidator.Validate(spec, Options);

        Assert.Null(result.Record);
        Assert.Equal(
            [
                "owners[0].kind", "owners[1].name", "owners[2].name", "podSecurity", "defaultRuntimeClass", "registries[0]",
                "quota.memory", "sandboxes.max", "sandboxes.maxCpu", "network.egress",
            ],
            result.Errors.Select(error => error.Field));
        Assert.All(result.Errors, error => Assert.False(string.IsNullOrWhiteSpace(error.Message)));
    }

    [Theory]
    [InlineData("3", "2Gi", 2, "2", "4Gi", "sandboxes.maxMemory")]
    [InlineData("1", "2Gi", 2, "1500m", "1Gi", "sandboxes.maxCpu")]
    [InlineData("4", "8Gi", 3, "1", "1Gi", "sandboxes.max")]
    [InlineData("0", "8Gi", 10, "1", "1Gi", "quota.cpu")]
    [InlineData("4", "8Gi", 0, "1", "1Gi", "quota.pods")]
    public void Sandboxes_must_fit_inside_the_quota(string cpu, string memory, int pods, string maxCpu, string maxMemory, string field)
    {
        var spec = new TenantSpec
        {
            Name = "acme",
            Quota = new TenantQuotaSpec(cpu, memory, pods),
            Sandboxes = new SandboxLimitsSpec(5, maxCpu, maxMemory),
        };

        var result = TenantSpecValidator.Validate(spec, Options);

        Assert.Contains(field, result.Errors.Select(error => error.Field));
    }

    [Fact]
    public void Quantities_are_normalized_and_duplicates_dropped()
    {
        var spec = new TenantSpec
        {
            Name = "acme",
            Owners = [new TenantOwnerSpec("User", "alice"), new TenantOwnerSpec("User", "alice")],
            RuntimeClasses = ["kata-clh", "kata-fc", "kata-clh"],
            Registries = ["ghcr.io/acme/", "ghcr.io/acme/"],
            Quota = new TenantQuotaSpec("0.5", "16384Mi", 4),
            Sandboxes = new SandboxLimitsSpec(0, "250m", "1G"),
        };

        var record = TenantSpecValidator.Validate(spec, Options).Record!;

        Assert.Equal([new TenantOwner("User", "alice")], record.Owners);
        Assert.Equal(["kata-clh", "kata-fc"], record.RuntimeClasses);
        Assert.Equal("kata-clh", record.DefaultRuntimeClass);
        Assert.Equal(["ghcr.io/acme/"], record.Registries);
        Assert.Equal(new TenantQuota("500m", "16Gi", 4, "40Gi", new TenantObjectCounts()), record.Quota);
        Assert.Equal(new SandboxLimits(0, "250m", "1000000000"), record.Sandboxes);
    }

    [Fact]
    public void A_runtime_class_missing_from_configuration_is_rejected_with_the_known_ones()
    {
        var spec = new TenantSpec { Name = "acme", RuntimeClasses = ["gvisor"] };

        var error = Assert.Single(TenantSpecValidator.Validate(spec, Options).Errors);

        Assert.Equal("runtimeClasses[0]", error.Field);
        Assert.Contains("kata-clh, kata-fc, kata-qemu", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_runtime_class_list_is_rejected()
    {
        var result = TenantSpecValidator.Validate(new TenantSpec { Name = "acme", RuntimeClasses = [] }, Options);

        Assert.Equal(["runtimeClasses"], result.Errors.Select(error => error.Field));
    }
}
