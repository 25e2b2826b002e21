using System.Text.Json.Nodes;
using Kabin.Policy;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Kabin.Core.Tests.Policy;

/// <summary>Admission that fails closed and knows its operations: no tenant record denies; pod UPDATEs are judged as Pod Security Admission judges them; UPDATEs are never patched.</summary>
public sealed class AdmissionOperationTests : IDisposable
{
    private readonly TenantStore _tenants = new();
    private readonly AdmissionReviewHandler _handler;

    public AdmissionOperationTests()
    {
        _handler = new AdmissionReviewHandler(new PolicyEngine(), _tenants.Directory, Options.Create(new AdmissionOptions()), NullLogger<AdmissionReviewHandler>.Instance);
    }

    public void Dispose() => _tenants.Dispose();

    [Theory]
    [InlineData("tenant-ghost")]
    [InlineData("kabin-acme")]
    public async Task A_namespace_without_a_tenant_record_admits_nothing(string namespaceName)
    {
        var pod = Workloads.Pod();
        pod["metadata"]!["namespace"] = namespaceName;
        Workloads.SecurityContext(Workloads.Container(pod))["privileged"] = true;

        var validated = await _handler.ValidateAsync(AdmissionReviews.For(pod), CancellationToken.None);
        var mutated = await _handler.MutateAsync(AdmissionReviews.For(pod), CancellationToken.None);

        Assert.False(validated["response"]!["allowed"]!.GetValue<bool>());
        Assert.Contains($"Namespace {namespaceName} has no Kabin tenant record", validated["response"]!["status"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(mutated["response"]!["allowed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task An_exempt_platform_namespace_is_configurable()
    {
        var handler = new AdmissionReviewHandler(new PolicyEngine(), _tenants.Directory,
            Options.Create(new AdmissionOptions { ExemptNamespaces = "ops-tools" }), NullLogger<AdmissionReviewHandler>.Instance);
        var pod = Workloads.Pod();
        pod["metadata"]!["namespace"] = "ops-tools";
        var system = Workloads.Pod();
        system["metadata"]!["namespace"] = "kube-system";

        var exempt = await handler.ValidateAsync(AdmissionReviews.For(pod), CancellationToken.None);
        var notListed = await handler.ValidateAsync(AdmissionReviews.For(system), CancellationToken.None);

        Assert.True(exempt["response"]!["allowed"]!.GetValue<bool>());
        Assert.False(notListed["response"]!["allowed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_metadata_only_update_of_a_pod_that_the_tightened_policy_denies_is_allowed()
    {
        await _tenants.AddAsync(TestTenants.Acme());
        var old = Workloads.Pod();
        Workloads.SecurityContext(Workloads.Container(old))["privileged"] = true;
        old["metadata"]!["finalizers"] = new JsonArray("example.com/cleanup");
        var updated = (JsonObject)old.DeepClone();
        updated["metadata"]!.AsObject().Remove("finalizers");
        updated["metadata"]!["labels"] = new JsonObject { ["touched"] = "yes" };

        var metadataOnly = await _handler.ValidateAsync(AdmissionReviews.For(updated, operation: "UPDATE", oldObject: old), CancellationToken.None);
        var created = await _handler.ValidateAsync(AdmissionReviews.For(updated), CancellationToken.None);

        Assert.True(metadataOnly["response"]!["allowed"]!.GetValue<bool>());
        Assert.False(created["response"]!["allowed"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("image")]
    [InlineData("resources")]
    [InlineData("container")]
    [InlineData("ephemeral")]
    public async Task A_pod_update_that_changes_what_the_rules_read_is_judged(string change)
    {
        await _tenants.AddAsync(TestTenants.Acme());
        var old = Workloads.Pod();
        var updated = (JsonObject)old.DeepClone();
        var container = Workloads.Container(updated);
        switch (change)
        {
            case "image":
                container["image"] = "docker.io/evil/miner:1";
                break;
            case "resources":
                container["resources"] = new JsonObject { ["limits"] = new JsonObject { ["cpu"] = "64", ["memory"] = "512Gi" } };
                break;
            case "container":
                Workloads.SpecOf(updated)["containers"]!.AsArray().Add(new JsonObject { ["name"] = "extra", ["image"] = "ghcr.io/acme/app:1" });
                break;
            default:
                Workloads.SpecOf(updated)["ephemeralContainers"] = new JsonArray(new JsonObject
                {
                    ["name"] = "debug", ["image"] = "ghcr.io/acme/debug:1", ["securityContext"] = new JsonObject { ["privileged"] = true },
                });
                break;
        }

        var review = await _handler.ValidateAsync(AdmissionReviews.For(updated, operation: "UPDATE", oldObject: old), CancellationToken.None);

        Assert.False(review["response"]!["allowed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task The_mutating_webhook_never_patches_an_update()
    {
        await _tenants.AddAsync(TestTenants.Acme());
        var pod = Workloads.Pod();
        Workloads.SpecOf(pod).Remove("runtimeClassName");

        var update = await _handler.MutateAsync(AdmissionReviews.For(pod, operation: "UPDATE", oldObject: pod), CancellationToken.None);
        var create = await _handler.MutateAsync(AdmissionReviews.For(pod), CancellationToken.None);

        Assert.True(update["response"]!["allowed"]!.GetValue<bool>());
        Assert.Null(update["response"]!["patch"]);
        Assert.NotNull(create["response"]!["patch"]);
    }

    [Theory]
    [InlineData("DELETE")]
    [InlineData("CONNECT")]
    public async Task Delete_and_connect_are_not_judged(string operation)
    {
        var pod = Workloads.Pod();
        pod["metadata"]!["namespace"] = "tenant-ghost";
        Workloads.SecurityContext(Workloads.Container(pod))["privileged"] = true;

        var review = await _handler.ValidateAsync(AdmissionReviews.For(pod, operation: operation, oldObject: pod), CancellationToken.None);

        Assert.True(review["response"]!["allowed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_dry_run_is_judged_like_the_real_request()
    {
        await _tenants.AddAsync(TestTenants.Acme());
        var pod = Workloads.Pod();
        Workloads.SecurityContext(Workloads.Container(pod))["privileged"] = true;

        var review = await _handler.ValidateAsync(AdmissionReviews.For(pod, dryRun: true), CancellationToken.None);

        Assert.False(review["response"]!["allowed"]!.GetValue<bool>());
    }
}
