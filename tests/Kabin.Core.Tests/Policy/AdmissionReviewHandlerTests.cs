using System.Text;
using System.Text.Json.Nodes;
using Kabin.Policy;
using Kabin.Tenants;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Kabin.Core.Tests.Policy;

public sealed class AdmissionReviewHandlerTests : IDisposable
{
    private readonly TenantStore _tenants = new();
    private readonly AdmissionReviewHandler _handler;

    public AdmissionReviewHandlerTests()
    {
        _handler = new AdmissionReviewHandler(new PolicyEngine(), _tenants.Directory, Options.Create(new AdmissionOptions()), NullLogger<AdmissionReviewHandler>.Instance);
    }

    public void Dispose() => _tenants.Dispose();

    [Fact]
    public async Task Compliant_pod_is_allowed_with_its_uid_echoed()
    {
        await _tenants.AddAsync(TestTenants.Acme());

        var review = await _handler.ValidateAsync(AdmissionReviews.For(Workloads.Pod(), uid: "uid-1"), CancellationToken.None);

        Assert.Equal("admission.k8s.io/v1", review["apiVersion"]!.GetValue<string>());
        Assert.Equal("uid-1", review["response"]!["uid"]!.GetValue<string>());
        Assert.True(review["response"]!["allowed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Violating_deployment_is_denied_with_403_listing_each_finding()
    {
        await _tenants.AddAsync(TestTenants.Acme());
        var deployment = Workloads.Load("deployment");
        Workloads.SpecOf(deployment).Remove("runtimeClassName");
        Workloads.SpecOf(deployment)["hostNetwork"] = true;

        var review = await _handler.ValidateAsync(AdmissionReviews.For(deployment), CancellationToken.None);

        var response = review["response"]!;
        Assert.False(response["allowed"]!.GetValue<bool>());
        Assert.Equal(403, response["status"]!["code"]!.GetValue<int>());
        var message = response["status"]!["message"]!.GetValue<string>();
        Assert.Contains("[vm-isolation/runtime-class] spec.template.spec.runtimeClassName", message, StringComparison.Ordinal);
        Assert.Contains("[kata/host-network] spec.template.spec.hostNetwork", message, StringComparison.Ordinal);
        Assert.Contains("Deployment kabin-acme/web", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restricted_findings_for_a_baseline_tenant_are_warnings_on_an_allowed_response()
    {
        await _tenants.AddAsync(TestTenants.Acme(PodSecurityLevel.Baseline));
        var pod = Workloads.Pod();
        Workloads.SecurityContext(Workloads.Container(pod)).Remove("allowPrivilegeEscalation");

        var review = await _handler.ValidateAsync(AdmissionReviews.For(pod), CancellationToken.None);

        Assert.True(review["response"]!["allowed"]!.GetValue<bool>());
        var warning = Assert.Single(review["response"]!["warnings"]!.AsArray())!.GetValue<string>();
        Assert.StartsWith("[pod-security/allowPrivilegeEscalation] spec.containers[0]", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Namespace_of_no_tenant_is_allowed_untouched()
    {
        var pod = Workloads.Pod();
        pod["metadata"]!["namespace"] = "kube-system";
        Workloads.SpecOf(pod)["hostNetwork"] = true;
        Workloads.SpecOf(pod).Remove("runtimeClassName");

        var validated = await _handler.ValidateAsync(AdmissionReviews.For(pod), CancellationToken.None);
        var mutated = await _handler.MutateAsync(AdmissionReviews.For(pod), CancellationToken.None);

        Assert.True(validated["response"]!["allowed"]!.GetValue<bool>());
        Assert.True(mutated["response"]!["allowed"]!.GetValue<bool>());
        Assert.Null(mutated["response"]!["patch"]);
    }

    [Fact]
    public async Task Namespace_is_taken_from_the_request_when_the_object_has_none()
    {
        await _tenants.AddAsync(TestTenants.Acme());
        var pod = Workloads.Pod();
        var review = AdmissionReviews.For(pod);
        ((JsonObject)review["request"]!["object"]!["metadata"]!).Remove("namespace");

        var result = await _handler.ValidateAsync(review, CancellationToken.None);

        Assert.True(result["response"]!["allowed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Mutate_returns_a_base64_json_patch_that_sets_the_default_class()
    {
        await _tenants.AddAsync(TestTenants.Acme());
        var job = Workloads.Load("job");
        Workloads.SpecOf(job).Remove("runtimeClassName");

        var review = await _handler.MutateAsync(AdmissionReviews.For(job), CancellationToken.None);

        var response = review["response"]!;
        Assert.Equal("JSONPatch", response["patchType"]!.GetValue<string>());
        var patch = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(response["patch"]!.GetValue<string>())))!.AsArray();
        Workloads.ApplyPatch(job, patch);
        var revalidated = await _handler.ValidateAsync(AdmissionReviews.For(job), CancellationToken.None);
        Assert.True(revalidated["response"]!["allowed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Mutate_makes_every_container_and_init_container_always_pull_its_image_unless_the_tenant_opts_out()
    {
        await _tenants.AddAsync(TestTenants.Acme());
        var pod = Workloads.Pod();
        Workloads.SpecOf(pod)["initContainers"] = new JsonArray(new JsonObject { ["name"] = "init", ["image"] = "busybox", ["imagePullPolicy"] = "IfNotPresent" });
        Workloads.Container(pod)["imagePullPolicy"] = "Never";

        var review = await _handler.MutateAsync(AdmissionReviews.For(pod), CancellationToken.None);
        var patch = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(review["response"]!["patch"]!.GetValue<string>())))!.AsArray();
        Workloads.ApplyPatch(pod, patch);
        await _tenants.AddAsync(TestTenants.Acme() with { Name = "beta", Namespace = "kabin-beta", CachedImagesAllowed = true });
        var optedOut = Workloads.Pod();
        optedOut["metadata"]!["namespace"] = "kabin-beta";
        var untouched = await _handler.MutateAsync(AdmissionReviews.For(optedOut), CancellationToken.None);

        Assert.Equal("Always", Workloads.Container(pod)["imagePullPolicy"]!.GetValue<string>());
        Assert.Equal("Always", Workloads.Container(pod, "initContainers")["imagePullPolicy"]!.GetValue<string>());
        Assert.Null(untouched["response"]!["patch"]);
    }

    [Fact]
    public async Task Delete_without_an_object_is_allowed()
    {
        var review = await _handler.ValidateAsync(AdmissionReviews.For(null, operation: "DELETE"), CancellationToken.None);

        Assert.True(review["response"]!["allowed"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("ephemeralcontainers", false)]
    [InlineData("status", true)]
    public async Task Subresources_that_can_change_the_pod_spec_are_checked(string subResource, bool allowed)
    {
        await _tenants.AddAsync(TestTenants.Acme());
        var pod = Workloads.Pod();
        Workloads.SecurityContext(Workloads.Container(pod))["privileged"] = true;

        var review = await _handler.ValidateAsync(AdmissionReviews.For(pod, operation: "UPDATE", subResource: subResource), CancellationToken.None);

        Assert.Equal(allowed, review["response"]!["allowed"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview"}""", "request")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"object":{}}}""", "request.uid")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1beta1","kind":"AdmissionReview","request":{"uid":"u"}}""", "apiVersion")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","object":"pod"}}""", "request.object")]
    [InlineData("""42""", "$")]
    public async Task Malformed_review_is_invalid_input_naming_the_field(string json, string field)
    {
        var error = await Assert.ThrowsAsync<InvalidEventDataException>(() => _handler.ValidateAsync(JsonNode.Parse(json), CancellationToken.None));

        Assert.Equal(field, Assert.Single(error.Errors).Field);
    }

    [Fact]
    public async Task Failure_while_validating_denies()
    {
        await _tenants.CorruptNamespaceEntryAsync("kabin-acme");

        var review = await _handler.ValidateAsync(AdmissionReviews.For(Workloads.Pod()), CancellationToken.None);

        Assert.False(review["response"]!["allowed"]!.GetValue<bool>());
        Assert.Equal(500, review["response"]!["status"]!["code"]!.GetValue<int>());
    }
}
