using System.Net;
using System.Text.Json.Nodes;

namespace Kabin.Host.Tests.Sandboxes;

/// <summary>
/// The local cluster calls the policy function as a cluster does: the webhook configurations of
/// knative/admission-webhooks.yaml, their service references replaced by the host's URL, and
/// tenant acme provisioned by the host in apply mode.
/// </summary>
public sealed class ClusterCallsWebhooksTests : IAsyncLifetime, IDisposable
{
    private readonly SandboxHostFixture _fixture = new();
    private HttpClient _cluster = null!;

    public async Task InitializeAsync()
    {
        await _fixture.InitializeAsync();
        _cluster = new HttpClient { BaseAddress = _fixture.Server.BaseAddress };
    }

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    public void Dispose() => _cluster.Dispose();

    [Fact]
    public async Task The_mutating_webhook_sets_the_default_runtime_class_and_the_validator_admits_the_pod()
    {
        await RegisterAsync(_fixture.Host.BaseAddress);

        var response = await PostAsync("api/v1/namespaces/tenant-acme/pods", Pod("web", privileged: false, runtimeClass: null));

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        Assert.Equal("kata-qemu", _fixture.Server.Find("v1", "Pod", "tenant-acme", "web")!["spec"]!["runtimeClassName"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_privileged_pod_is_denied_with_the_rule_and_nothing_is_stored()
    {
        await RegisterAsync(_fixture.Host.BaseAddress);

        var response = await PostAsync("api/v1/namespaces/tenant-acme/pods", Pod("root", privileged: true, runtimeClass: "kata-qemu"));
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.StartsWith("admission webhook \"validate.policy.kabin.dev\" denied the request:", status["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("privileged", status["message"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        Assert.Null(_fixture.Server.Find("v1", "Pod", "tenant-acme", "root"));
    }

    [Fact]
    public async Task A_policy_function_that_cannot_be_reached_denies_in_tenant_namespaces_only()
    {
        using var closed = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        await RegisterAsync(new Uri($"http://127.0.0.1:{port}/"));
        await PostAsync("api/v1/namespaces", new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = "platform" } });

        var tenant = await PostAsync("api/v1/namespaces/tenant-acme/pods", Pod("web", privileged: false, runtimeClass: "kata-qemu"));
        var platform = await PostAsync("api/v1/namespaces/platform/pods", Pod("web", privileged: true, runtimeClass: null));

        Assert.Equal(HttpStatusCode.InternalServerError, tenant.StatusCode);
        var refusal = JsonNode.Parse(await tenant.Content.ReadAsStringAsync())!["message"]!.GetValue<string>();
        Assert.True(refusal.Contains("failed calling webhook \"mutate.policy.kabin.dev\"", StringComparison.Ordinal), refusal);
        Assert.Equal(HttpStatusCode.Created, platform.StatusCode);
    }

    [Fact]
    public async Task Agent_sandbox_kinds_are_judged_on_their_pod_template_in_admission()
    {
        await RegisterAsync(_fixture.Host.BaseAddress);

        var defaulted = await PostAsync("apis/agents.x-k8s.io/v1beta1/namespaces/tenant-acme/sandboxes", AgentSandbox("Sandbox", "agent", privileged: false, runtimeClass: null));
        var runc = await PostAsync("apis/agents.x-k8s.io/v1beta1/namespaces/tenant-acme/sandboxes", AgentSandbox("Sandbox", "on-runc", privileged: false, runtimeClass: "runc"));
        var privileged = await PostAsync("apis/extensions.agents.x-k8s.io/v1beta1/namespaces/tenant-acme/sandboxtemplates", AgentSandbox("SandboxTemplate", "root", privileged: true, runtimeClass: "kata-qemu"));
        var runcRefusal = JsonNode.Parse(await runc.Content.ReadAsStringAsync())!["message"]!.GetValue<string>();

        Assert.True(defaulted.StatusCode == HttpStatusCode.Created, await defaulted.Content.ReadAsStringAsync());
        Assert.Equal("kata-qemu", _fixture.Server.Find("agents.x-k8s.io/v1beta1", "Sandbox", "tenant-acme", "agent")!["spec"]!["podTemplate"]!["spec"]!["runtimeClassName"]!.GetValue<string>());
        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (runc.StatusCode, privileged.StatusCode));
        Assert.Contains("spec.podTemplate.spec.runtimeClassName", runcRefusal, StringComparison.Ordinal);
        Assert.Null(_fixture.Server.Find("extensions.agents.x-k8s.io/v1beta1", "SandboxTemplate", "tenant-acme", "root"));
    }

    [Fact]
    public async Task A_policy_check_of_an_agent_sandbox_without_a_runtime_class_is_denied()
    {
        var sandbox = AgentSandbox("Sandbox", "agent", privileged: false, runtimeClass: null);
        sandbox["metadata"]!["namespace"] = "tenant-acme";

        using var response = await _fixture.Host.Client.PostAsync("/policy/check?tenant=acme", Api.Api.Json(sandbox));
        var report = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("spec.podTemplate.spec.runtimeClassName", report.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("\"allowed\":false", report.ToJsonString(), StringComparison.Ordinal);
    }

    private static JsonObject AgentSandbox(string kind, string name, bool privileged, string? runtimeClass)
    {
        var pod = Pod(name, privileged, runtimeClass);
        return new JsonObject
        {
            ["apiVersion"] = kind == "Sandbox" ? "agents.x-k8s.io/v1beta1" : "extensions.agents.x-k8s.io/v1beta1",
            ["kind"] = kind,
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = new JsonObject { ["podTemplate"] = new JsonObject { ["metadata"] = new JsonObject(), ["spec"] = pod["spec"]!.DeepClone() } },
        };
    }

    private Task RegisterAsync(Uri host) => Support.ClusterWebhooks.RegisterAsync(_cluster, host);

    private Task<HttpResponseMessage> PostAsync(string path, JsonNode body) =>
        _cluster.PostAsync(path, new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));

    private static JsonObject Pod(string name, bool privileged, string? runtimeClass)
    {
        var container = new JsonObject
        {
            ["name"] = "app",
            ["image"] = "ghcr.io/acme/web:1",
            ["resources"] = new JsonObject { ["limits"] = new JsonObject { ["cpu"] = "1", ["memory"] = "1Gi" } },
        };
        container["securityContext"] = privileged
            ? new JsonObject { ["privileged"] = true }
            : new JsonObject { ["allowPrivilegeEscalation"] = false, ["capabilities"] = new JsonObject { ["drop"] = new JsonArray("ALL") } };
        var spec = new JsonObject
        {
            ["securityContext"] = new JsonObject { ["runAsNonRoot"] = true, ["seccompProfile"] = new JsonObject { ["type"] = "RuntimeDefault" } },
            ["containers"] = new JsonArray(container),
        };
        if (runtimeClass is not null)
        {
            spec["runtimeClassName"] = runtimeClass;
        }

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = spec,
        };
    }
}
