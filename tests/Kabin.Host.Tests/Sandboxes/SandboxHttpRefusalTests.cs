using CloudNative.CloudEvents;

namespace Kabin.Host.Tests.Sandboxes;

/// <summary>Refusals over HTTP, on a host and tenant of their own (at most three sandboxes).</summary>
public sealed class SandboxHttpRefusalTests(SandboxHostFixture fixture) : IClassFixture<SandboxHostFixture>
{
    [Fact]
    public async Task Policy_refusal_and_quota_refusal_are_rejected_over_http()
    {
        var policy = await fixture.SendAsync("dev.kabin.sandbox.requested", SandboxHostFixture.Request("miner", image: "docker.io/evil/miner:1"));
        Assert.Equal("dev.kabin.sandbox.rejected", policy?.Type);
        Assert.Equal("registry/allowed", SandboxHostFixture.Data(policy!).GetProperty("reasons")[0].GetProperty("rule").GetString());

        var replies = new List<CloudEvent>();
        for (var i = 0; i < 4; i++)
        {
            replies.Add((await fixture.SendAsync("dev.kabin.sandbox.requested", SandboxHostFixture.Request($"quota-{i}")))!);
        }

        Assert.Equal(
            ["dev.kabin.sandbox.created", "dev.kabin.sandbox.created", "dev.kabin.sandbox.created", "dev.kabin.sandbox.rejected"],
            replies.Select(reply => reply.Type));
        Assert.Equal("sandbox/max-count", SandboxHostFixture.Data(replies[3]).GetProperty("reasons")[0].GetProperty("rule").GetString());
        Assert.Null(fixture.Pod("quota-3"));
    }
}
