using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Kabin.Policy;
using Kabin.Reliability.Tests.Support;
using Kabin.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Kabin.Reliability.Tests;

/// <summary>A fault inside an admission check denies: a corrupt tenant record, a rule that throws.</summary>
public sealed class FaultInsideCheckTests
{
    public static TheoryData<string> CorruptRecords => new()
    {
        "not json",
        "null",
        "[]",
        """{"name":"acme"}""",
        """{"name":"acme","namespace":"tenant-acme","owners":[],"podSecurity":"root","runtimeClasses":["kata-qemu"],"defaultRuntimeClass":"kata-qemu","registries":[],"quota":{},"sandboxes":{"max":1,"maxCpu":"1","maxMemory":"1Gi"},"network":{}}""",
        """{"name":"acme","namespace":"tenant-acme","owners":[],"podSecurity":"restricted","runtimeClasses":null,"defaultRuntimeClass":null,"registries":null,"quota":null,"sandboxes":null,"network":null}""",
    };

    [Theory]
    [MemberData(nameof(CorruptRecords))]
    public async Task A_corrupt_tenant_record_denies_every_review_in_its_namespace(string record)
    {
        // Arrange: acme is provisioned, then its record is overwritten with garbage before any lookup.
        await using var host = await ReliabilityHost.StartAsync(["--Kabin:Cluster:Mode=plan"]);
        await Provision(host);
        var store = host.Services.GetRequiredService<IStateStore>();
        await store.SaveAsync("tenant/acme", Encoding.UTF8.GetBytes(record), CancellationToken.None);

        // Act
        var validate = await ReviewAsync(host, "/admission/validate");
        var unclassed = HostileCorpus.PodIn("tenant-acme");
        unclassed["spec"]!.AsObject().Remove("runtimeClassName");
        var mutate = await ReviewAsync(host, "/admission/mutate", unclassed);

        // Assert
        Assert.False(validate["allowed"]!.GetValue<bool>(), validate.ToJsonString());
        // The mutating webhook may not invent a runtime class from a record it cannot read: it denies,
        // or at least sends no patch (the validating webhook then refuses the unclassed pod).
        Assert.True(!mutate["allowed"]!.GetValue<bool>() || mutate["patch"] is null, "mutate: " + mutate.ToJsonString());
        Assert.Contains("denied", validate["status"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_policy_rule_that_throws_denies_the_review_and_fails_the_check_event()
    {
        // Arrange
        await using var host = await ReliabilityHost.StartAsync(
            ["--Kabin:Cluster:Mode=plan"], services => services.Replace(ServiceDescriptor.Singleton<IPolicyEngine, ThrowingPolicyEngine>()));
        await Provision(host);

        // Act
        var review = await ReviewAsync(host, "/admission/validate");
        var check = await Deliveries.SendAsync(host.Client, "dev.kabin.policy.check.requested",
            new JsonObject { ["tenant"] = "acme", ["object"] = HostileCorpus.PodIn("tenant-acme") });

        // Assert: the review is denied with 500 (the API server, failurePolicy Fail, refuses the object);
        // the event is a 5xx so Knative retries it, never a verdict that allows.
        Assert.False(review["allowed"]!.GetValue<bool>());
        Assert.Equal(500, review["status"]!["code"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.InternalServerError, check.Status);
        Assert.Null(check.ReplyType);
    }

    private static async Task Provision(ReliabilityHost host)
    {
        var delivery = await Deliveries.SendAsync(host.Client, "dev.kabin.tenant.created", TestFiles.Json("acme.spec.json"));
        Assert.Equal("dev.kabin.tenant.provisioned", delivery.ReplyType);
    }

    private static async Task<JsonObject> ReviewAsync(ReliabilityHost host, string path, JsonObject? pod = null)
    {
        var review = new JsonObject
        {
            ["apiVersion"] = "admission.k8s.io/v1",
            ["kind"] = "AdmissionReview",
            ["request"] = new JsonObject
            {
                ["uid"] = Guid.NewGuid().ToString(), ["namespace"] = "tenant-acme", ["operation"] = "CREATE",
                ["object"] = pod ?? HostileCorpus.PodIn("tenant-acme"),
            },
        };
        using var content = new StringContent(review.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await host.Client.PostAsync(new Uri(path, UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["response"]!.AsObject();
    }
}
