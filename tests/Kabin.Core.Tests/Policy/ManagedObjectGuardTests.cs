using System.Text.Json.Nodes;
using Kabin.Policy;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Kabin.Core.Tests.Policy;

/// <summary>The validating webhook keeps tenants off the guard rails Kabin puts in their namespaces.</summary>
public sealed class ManagedObjectGuardTests : IDisposable
{
    private const string TenantFunction = "system:serviceaccount:kabin-system:kabin-tenant";
    private readonly TenantStore _tenants = new();
    private readonly AdmissionReviewHandler _handler;

    public ManagedObjectGuardTests()
    {
        _handler = new AdmissionReviewHandler(new PolicyEngine(), _tenants.Directory, Options.Create(new AdmissionOptions()), NullLogger<AdmissionReviewHandler>.Instance);
    }

    public void Dispose() => _tenants.Dispose();

    private static JsonObject Managed(string kind, string name, bool managed = true)
    {
        var labels = new JsonObject { ["kabin.dev/tenant"] = "acme" };
        if (managed)
        {
            labels["app.kubernetes.io/managed-by"] = "kabin";
        }

        return new JsonObject
        {
            ["apiVersion"] = kind is "RoleBinding" or "Role" ? "rbac.authorization.k8s.io/v1" : kind == "NetworkPolicy" ? "networking.k8s.io/v1" : "v1",
            ["kind"] = kind,
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "kabin-acme", ["labels"] = labels },
        };
    }

    private static bool Allowed(JsonObject review) => review["response"]!["allowed"]!.GetValue<bool>();

    private static string Message(JsonObject review) => review["response"]!["status"]!["message"]!.GetValue<string>();

    [Theory]
    [InlineData("ResourceQuota", "kabin-quota")]
    [InlineData("NetworkPolicy", "kabin-default-deny")]
    [InlineData("RoleBinding", "kabin-owner-user-0123456789")]
    [InlineData("LimitRange", "kabin-limits")]
    public async Task A_tenant_may_neither_change_nor_delete_what_kabin_manages(string kind, string name)
    {
        var before = Managed(kind, name);
        var after = (JsonObject)before.DeepClone();
        after["metadata"]!["labels"]!["app.kubernetes.io/managed-by"] = "me";

        var update = await _handler.ValidateAsync(AdmissionReviews.For(after, operation: "UPDATE", oldObject: before), CancellationToken.None);
        var delete = await _handler.ValidateAsync(AdmissionReviews.For(null, operation: "DELETE", oldObject: before), CancellationToken.None);

        Assert.False(Allowed(update));
        Assert.Equal(403, update["response"]!["status"]!["code"]!.GetValue<int>());
        Assert.Contains("[tenancy/managed-object]", Message(update), StringComparison.Ordinal);
        Assert.Contains("alice@acme.example may not change", Message(update), StringComparison.Ordinal);
        Assert.False(Allowed(delete));
        Assert.Contains("may not delete", Message(delete), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tenant_may_not_label_its_own_object_as_kabins()
    {
        var review = await _handler.ValidateAsync(AdmissionReviews.For(Managed("RoleBinding", "mine"), operation: "CREATE"), CancellationToken.None);

        Assert.False(Allowed(review));
        Assert.Contains("may not carry app.kubernetes.io/managed-by: kabin", Message(review), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kabin_the_namespace_controller_and_cluster_admins_may()
    {
        var before = Managed("ResourceQuota", "kabin-quota");
        var after = (JsonObject)before.DeepClone();
        after["spec"] = new JsonObject { ["hard"] = new JsonObject { ["pods"] = "40" } };

        var byKabin = await _handler.ValidateAsync(AdmissionReviews.For(after, operation: "UPDATE", oldObject: before, user: TenantFunction), CancellationToken.None);
        var byController = await _handler.ValidateAsync(
            AdmissionReviews.For(after, operation: "UPDATE", oldObject: before, user: "system:serviceaccount:kube-system:namespace-controller"), CancellationToken.None);
        var byAdmin = await _handler.ValidateAsync(
            AdmissionReviews.For(after, operation: "UPDATE", oldObject: before, user: "root", groups: "system:masters"), CancellationToken.None);
        // A tenant naming Kabin's account as a group is still the tenant.
        var spoofed = await _handler.ValidateAsync(
            AdmissionReviews.For(after, operation: "UPDATE", oldObject: before, groups: TenantFunction), CancellationToken.None);

        Assert.True(Allowed(byKabin));
        Assert.True(Allowed(byController));
        Assert.True(Allowed(byAdmin));
        Assert.False(Allowed(spoofed));
    }

    [Fact]
    public async Task The_quota_controllers_status_writes_and_a_tenants_own_objects_pass()
    {
        var quota = Managed("ResourceQuota", "kabin-quota");
        var status = await _handler.ValidateAsync(
            AdmissionReviews.For(quota, operation: "UPDATE", subResource: "status", oldObject: quota, user: "system:serviceaccount:kube-system:resourcequota-controller"),
            CancellationToken.None);
        var own = Managed("RoleBinding", "ci-deployer", managed: false);
        var ownUpdate = await _handler.ValidateAsync(AdmissionReviews.For(own, operation: "UPDATE", oldObject: own), CancellationToken.None);

        Assert.True(Allowed(status));
        Assert.True(Allowed(ownUpdate));
    }

    [Fact]
    public async Task Other_kinds_that_carry_no_pod_are_still_malformed_for_the_policy()
    {
        await _tenants.AddAsync(TestTenants.Acme());
        var configMap = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = new JsonObject { ["name"] = "c", ["namespace"] = "kabin-acme" } };

        await Assert.ThrowsAnyAsync<InvalidEventDataException>(() => _handler.ValidateAsync(AdmissionReviews.For(configMap), CancellationToken.None));
    }
}
