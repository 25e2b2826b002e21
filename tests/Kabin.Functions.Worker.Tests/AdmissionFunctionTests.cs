using System.Text;
using System.Text.Json.Nodes;

namespace Kabin.Functions.Worker.Tests;

/// <summary>The admission webhooks as worker functions, over the same AdmissionReview core as the Knative host.</summary>
public sealed class AdmissionFunctionTests(WorkerFixture fixture) : IClassFixture<WorkerFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => TenantOnboarding.OnboardAcmeAsync(fixture);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Privileged_pod_in_a_tenant_namespace_is_denied_with_the_rules_it_breaks()
    {
        var (status, body) = await PostAsync(mutate: false, Review("u-1", Pod(privileged: true)));

        Assert.Equal(200, status);
        Assert.Equal("u-1", body["response"]!["uid"]!.GetValue<string>());
        Assert.False(body["response"]!["allowed"]!.GetValue<bool>());
        Assert.Contains("hostNetwork", body["response"]!["status"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mutation_fills_in_the_tenant_default_runtime_class()
    {
        var (status, body) = await PostAsync(mutate: true, Review("u-2", Pod(privileged: false)));

        Assert.Equal(200, status);
        Assert.Equal("JSONPatch", body["response"]!["patchType"]!.GetValue<string>());
        var patch = Encoding.UTF8.GetString(Convert.FromBase64String(body["response"]!["patch"]!.GetValue<string>()));
        Assert.Contains("kata-qemu", patch, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, "")]
    [InlineData(true, "{not json")]
    public async Task Body_that_is_no_admission_review_is_a_400_problem(bool mutate, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/admission/validate") { Content = new StringContent(body, Encoding.UTF8, "application/json") };

        using var response = await InvokeAsync(mutate, request);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("AdmissionReview", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private Task<HttpResponseMessage> InvokeAsync(bool mutate, HttpRequestMessage request) =>
        fixture.InvokeAsync(mutate ? "admission-mutate" : "admission-validate", request, (data, context) => mutate
            ? fixture.Create<AdmissionFunctions>().MutateAsync(data, context)
            : fixture.Create<AdmissionFunctions>().ValidateAsync(data, context));

    private async Task<(int Status, JsonObject Body)> PostAsync(bool mutate, JsonObject review)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/admission")
        {
            Content = new StringContent(review.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        using var response = await InvokeAsync(mutate, request);
        return ((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    private static JsonObject Pod(bool privileged) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = new JsonObject { ["name"] = "p", ["namespace"] = "tenant-acme" },
        ["spec"] = new JsonObject
        {
            ["hostNetwork"] = privileged,
            ["containers"] = new JsonArray(new JsonObject
            {
                ["name"] = "app",
                ["image"] = "ghcr.io/acme/app:1",
                ["securityContext"] = new JsonObject { ["privileged"] = privileged },
            }),
        },
    };

    private static JsonObject Review(string uid, JsonObject pod) => new()
    {
        ["apiVersion"] = "admission.k8s.io/v1",
        ["kind"] = "AdmissionReview",
        ["request"] = new JsonObject
        {
            ["uid"] = uid,
            ["namespace"] = "tenant-acme",
            ["operation"] = "CREATE",
            ["kind"] = new JsonObject { ["group"] = "", ["version"] = "v1", ["kind"] = "Pod" },
            ["object"] = pod,
        },
    };
}
