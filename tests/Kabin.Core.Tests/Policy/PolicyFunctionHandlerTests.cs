using System.Text.Json;
using System.Text.Json.Nodes;
using CloudNative.CloudEvents;
using Kabin.Events;
using Kabin.Policy;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kabin.Core.Tests.Policy;

public sealed class PolicyFunctionHandlerTests : IDisposable
{
    private readonly TenantStore _tenants = new();
    private readonly PolicyFunctionHandler _handler;

    public PolicyFunctionHandlerTests()
    {
        _handler = new PolicyFunctionHandler(new PolicyEngine(), _tenants.Directory, NullLogger<PolicyFunctionHandler>.Instance);
    }

    public void Dispose() => _tenants.Dispose();

    [Theory]
    [InlineData("acme")]
    [InlineData(null)]
    public async Task Check_request_replies_checked_with_the_verdict(string? tenant)
    {
        await _tenants.AddAsync(TestTenants.Acme());
        var pod = Workloads.Pod();
        Workloads.SpecOf(pod).Remove("runtimeClassName");

        var result = await _handler.HandleAsync(Event(PolicyEventTypes.CheckRequested, new JsonObject { ["tenant"] = tenant, ["object"] = pod }), CancellationToken.None);

        Assert.Equal(PolicyEventTypes.Checked, result.Reply!.Type);
        var data = ((JsonElement)result.Reply.Data!).Deserialize(PolicyJsonContext.Default.PolicyCheckResult)!;
        Assert.False(data.Allowed);
        Assert.Equal("acme", data.Tenant);
        var violation = Assert.Single(data.Violations);
        Assert.Equal((PolicyRules.RuntimeClass, "spec.runtimeClassName"), (violation.Rule, violation.Path));
        Assert.Contains("\"violations\":[{\"rule\":", ((JsonElement)result.Reply.Data!).GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_request_for_an_unknown_tenant_is_invalid()
    {
        var data = new JsonObject { ["tenant"] = "nobody", ["object"] = Workloads.Pod() };

        var error = await Assert.ThrowsAsync<InvalidEventDataException>(() => _handler.HandleAsync(Event(PolicyEventTypes.CheckRequested, data), CancellationToken.None));

        Assert.Contains("nobody", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"tenant":"acme"}""", "object")]
    [InlineData("""{"tenant":7,"object":{}}""", "tenant")]
    [InlineData("""[1]""", "$")]
    public async Task Check_request_with_malformed_data_is_invalid(string json, string field)
    {
        await _tenants.AddAsync(TestTenants.Acme());

        var error = await Assert.ThrowsAsync<InvalidEventDataException>(() => _handler.HandleAsync(Event(PolicyEventTypes.CheckRequested, JsonNode.Parse(json)!), CancellationToken.None));

        Assert.Equal(field, Assert.Single(error.Errors).Field);
    }

    [Theory]
    [InlineData(PolicyEventTypes.ResourceAdded)]
    [InlineData(PolicyEventTypes.ResourceUpdated)]
    public async Task Audit_of_a_failing_workload_replies_a_violation(string type)
    {
        await _tenants.AddAsync(TestTenants.Acme());
        var deployment = Workloads.Load("deployment");
        Workloads.Container(deployment)["image"] = "docker.io/evil/miner";

        var result = await _handler.HandleAsync(Event(type, deployment), CancellationToken.None);

        Assert.Equal(PolicyEventTypes.Violation, result.Reply!.Type);
        var report = ((JsonElement)result.Reply.Data!).Deserialize(PolicyJsonContext.Default.PolicyViolationReport)!;
        Assert.Equal(("acme", "Deployment", "kabin-acme", "web"), (report.Tenant, report.Kind, report.Namespace, report.Name));
        Assert.Equal((PolicyRules.Registry, "spec.template.spec.containers[0].image"), (report.Violations[0].Rule, report.Violations[0].Path));
    }

    [Fact]
    public async Task Audit_of_a_compliant_workload_or_of_no_tenants_namespace_replies_nothing()
    {
        await _tenants.AddAsync(TestTenants.Acme());
        var foreign = Workloads.Pod();
        foreign["metadata"]!["namespace"] = "default";
        Workloads.SpecOf(foreign)["hostNetwork"] = true;

        var compliant = await _handler.HandleAsync(Event(PolicyEventTypes.ResourceAdded, Workloads.Load("statefulset")), CancellationToken.None);
        var notOurs = await _handler.HandleAsync(Event(PolicyEventTypes.ResourceUpdated, foreign), CancellationToken.None);

        Assert.Same(HandlerResult.Nothing, compliant);
        Assert.Same(HandlerResult.Nothing, notOurs);
    }

    [Fact]
    public async Task Audit_of_a_kind_without_a_pod_template_such_as_a_sandbox_claim_replies_nothing_but_a_kindless_object_is_refused()
    {
        await _tenants.AddAsync(TestTenants.Acme());
        var claim = new JsonObject
        {
            ["apiVersion"] = "extensions.agents.x-k8s.io/v1beta1",
            ["kind"] = "SandboxClaim",
            ["metadata"] = new JsonObject { ["name"] = "sbx-a", ["namespace"] = "kabin-acme" },
            ["spec"] = new JsonObject { ["warmPoolRef"] = new JsonObject { ["name"] = "sbx-pool-py" } },
        };
        var kindless = Workloads.Pod();
        kindless.Remove("kind");

        Assert.Same(HandlerResult.Nothing, await _handler.HandleAsync(Event(PolicyEventTypes.ResourceUpdated, claim), CancellationToken.None));
        await Assert.ThrowsAsync<InvalidEventDataException>(() => _handler.HandleAsync(Event(PolicyEventTypes.ResourceUpdated, kindless), CancellationToken.None));
    }

    [Fact]
    public void Handler_claims_its_types_for_the_policy_function()
    {
        IFunctionHandler handler = _handler;

        Assert.Equal(KabinFunctions.Policy, handler.FunctionName);
        Assert.Equal(EventClaim.ByType, handler.Claim(Event(PolicyEventTypes.ResourceAdded, Workloads.Pod())));
        Assert.Equal(EventClaim.None, handler.Claim(Event("dev.kabin.tenant.created", new JsonObject())));
    }

    private static CloudEvent Event(string type, JsonNode data) => new()
    {
        Id = Guid.NewGuid().ToString(),
        Source = new Uri("/test", UriKind.Relative),
        Type = type,
        DataContentType = "application/json",
        Data = JsonSerializer.SerializeToElement(data, KabinJsonContext.Default.JsonNode),
    };
}
