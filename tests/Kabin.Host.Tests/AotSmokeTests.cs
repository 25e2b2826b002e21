using System.Text.Json;
using System.Text.Json.Nodes;
using Kabin.Host.Tests.Support;
using Kabin.TestDoubles.Native;

namespace Kabin.Host.Tests;

/// <summary>
/// The published Native AOT binary, end to end: a tenant is onboarded in plan mode, then the
/// policy function judges a compliant and a hostile pod. This exercises every source-generated
/// JSON path that reflection-free serialization could break.
/// </summary>
public sealed class AotSmokeTests
{
    private static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "testdata", name));

    private static async Task<JsonElement> SendAsync(HttpClient client, string type, string data, string expectedReplyType)
    {
        using var response = await client.SendAsync(EventMessages.Post(ContentMode.Binary, EventMessages.Event(type, data: data)));
        Assert.Equal(200, (int)response.StatusCode);
        var reply = await EventMessages.ReadReplyAsync(response);
        Assert.Equal(expectedReplyType, reply.Type);
        return (JsonElement)reply.Data!;
    }

    private static string CheckRequest(string podFixture) =>
        new JsonObject { ["object"] = JsonNode.Parse(Fixture(podFixture)) }.ToJsonString();

    [AotBinaryFact]
    public async Task Native_binary_onboards_a_tenant_and_judges_pods()
    {
        await using var host = await NativeHostProcess.StartAsync(AotBinaryFactAttribute.BinaryPath, TimeSpan.FromSeconds(20));

        var provisioned = await SendAsync(host.Client, "dev.kabin.tenant.created",
            """{"name":"acme","owners":[{"kind":"User","name":"alice@acme.example"}]}""", "dev.kabin.tenant.provisioned");
        var allowed = await SendAsync(host.Client, "dev.kabin.policy.check.requested", CheckRequest("pod-compliant.json"), "dev.kabin.policy.checked");
        var denied = await SendAsync(host.Client, "dev.kabin.policy.check.requested", CheckRequest("pod-privileged.json"), "dev.kabin.policy.checked");

        Assert.Equal("plan", provisioned.GetProperty("mode").GetString());
        Assert.Contains(provisioned.GetProperty("objects").EnumerateArray(), o => o.GetProperty("kind").GetString() == "ResourceQuota");
        Assert.True(allowed.GetProperty("allowed").GetBoolean(), allowed.ToString());
        Assert.False(denied.GetProperty("allowed").GetBoolean());
        var rules = denied.GetProperty("violations").EnumerateArray().Select(v => v.GetProperty("rule").GetString()).ToHashSet();
        Assert.Contains("vm-isolation/runtime-class", rules);
        Assert.Contains("kata/host-network", rules);
        Assert.Contains("pod-security/privileged", rules);
    }

    [AotBinaryFact]
    public void Native_binary_leaves_out_the_Kubernetes_client_models()
    {
        // Constructing k8s.Kubernetes roots the JSON metadata of every Kubernetes model: the binary was
        // 37 MB with it and is about 24 MB without (docs/performance.md). Resident memory follows size.
        const long Limit = 30_000_000;

        var size = new FileInfo(AotBinaryFactAttribute.BinaryPath).Length;

        Assert.True(size < Limit, $"The AOT binary is {size:N0} bytes, over {Limit:N0}: has something rooted a large library again?");
    }

    [AotBinaryFact]
    public async Task Native_binary_answers_an_unknown_type_with_a_problem()
    {
        await using var host = await NativeHostProcess.StartAsync(AotBinaryFactAttribute.BinaryPath, TimeSpan.FromSeconds(20));

        using var response = await host.Client.SendAsync(
            EventMessages.Post(ContentMode.Binary, EventMessages.Event("dev.example.nobody.handles")));

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("https://kabin.dev/problems/unhandled-event-type", body.RootElement.GetProperty("type").GetString());
    }
}
