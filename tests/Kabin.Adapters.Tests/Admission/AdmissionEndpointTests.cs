using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Kabin.Adapters.Tests.Admission;

public sealed class AdmissionEndpointTests(AdmissionHost host) : IClassFixture<AdmissionHost>
{
    [Fact]
    public async Task Validate_allows_a_compliant_deployment_and_echoes_the_uid()
    {
        var deployment = AdmissionHost.Deployment();
        deployment["spec"]!["template"]!["spec"]!["runtimeClassName"] = "kata-qemu";

        var response = await PostAsync("/admission/validate", Review("uid-allow", deployment));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("uid-allow", response.Body["response"]!["uid"]!.GetValue<string>());
        Assert.True(response.Body["response"]!["allowed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Validate_denies_a_deployment_without_runtime_class_with_403_and_its_findings()
    {
        var response = await PostAsync("/admission/validate", Review("uid-deny", AdmissionHost.Deployment()));

        var review = response.Body["response"]!;
        Assert.Equal("uid-deny", review["uid"]!.GetValue<string>());
        Assert.False(review["allowed"]!.GetValue<bool>());
        Assert.Equal(403, review["status"]!["code"]!.GetValue<int>());
        Assert.Contains("[vm-isolation/runtime-class] spec.template.spec.runtimeClassName", review["status"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_warns_a_baseline_tenant_about_restricted_findings()
    {
        var deployment = AdmissionHost.Deployment("beta");
        var spec = deployment["spec"]!["template"]!["spec"]!;
        spec["runtimeClassName"] = "kata-qemu";
        spec["containers"]![0]!["image"] = "ghcr.io/beta/app:1";
        spec["containers"]![0]!["securityContext"]!.AsObject().Remove("allowPrivilegeEscalation");

        var response = await PostAsync("/admission/validate", Review("uid-warn", deployment));

        Assert.True(response.Body["response"]!["allowed"]!.GetValue<bool>());
        var warning = Assert.Single(response.Body["response"]!["warnings"]!.AsArray())!.GetValue<string>();
        Assert.StartsWith("[pod-security/allowPrivilegeEscalation] spec.template.spec.containers[0]", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mutate_patch_applied_to_the_object_passes_validation()
    {
        var deployment = AdmissionHost.Deployment();

        var mutated = await PostAsync("/admission/mutate", Review("uid-mutate", deployment));

        var review = mutated.Body["response"]!;
        Assert.Equal(("uid-mutate", "JSONPatch"), (review["uid"]!.GetValue<string>(), review["patchType"]!.GetValue<string>()));
        var patch = JsonNode.Parse(Convert.FromBase64String(review["patch"]!.GetValue<string>()))!.AsArray();
        foreach (var operation in patch)
        {
            Apply(deployment, operation!.AsObject());
        }

        var validated = await PostAsync("/admission/validate", Review("uid-revalidate", deployment));
        Assert.True(validated.Body["response"]!["allowed"]!.GetValue<bool>(), validated.Body.ToJsonString());
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"object":{}}}""")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","object":{"kind":"ConfigMap","metadata":{"namespace":"kabin-acme"}}}}""")]
    public async Task Malformed_review_is_answered_400_with_a_problem(string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        using var response = await host.Client.PostAsync("/admission/validate", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.False(string.IsNullOrWhiteSpace(problem["detail"]!.GetValue<string>()));
    }

    /// <summary>RFC 6902 add or replace at a JSON Pointer of object members and array indexes.</summary>
    private static void Apply(JsonObject document, JsonObject operation)
    {
        Assert.True(operation["op"]!.GetValue<string>() is "add" or "replace");
        var segments = operation["path"]!.GetValue<string>().TrimStart('/').Split('/');
        JsonNode target = document;
        foreach (var segment in segments[..^1])
        {
            target = target is JsonArray array ? array[int.Parse(segment, System.Globalization.CultureInfo.InvariantCulture)]! : target[segment]!;
        }

        target[segments[^1]] = operation["value"]!.DeepClone();
    }

    private static JsonObject Review(string uid, JsonObject workload) => new()
    {
        ["apiVersion"] = "admission.k8s.io/v1",
        ["kind"] = "AdmissionReview",
        ["request"] = new JsonObject
        {
            ["uid"] = uid,
            ["namespace"] = workload["metadata"]!["namespace"]!.GetValue<string>(),
            ["operation"] = "CREATE",
            ["object"] = workload.DeepClone(),
        },
    };

    private async Task<(HttpStatusCode Status, JsonObject Body)> PostAsync(string path, JsonObject review)
    {
        using var content = new StringContent(review.ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await host.Client.PostAsync(path, content);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        return (response.StatusCode, body);
    }
}
