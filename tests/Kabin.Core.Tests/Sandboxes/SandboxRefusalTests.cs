using Kabin.Sandboxes;

namespace Kabin.Core.Tests.Sandboxes;

public sealed class SandboxRefusalTests : IDisposable
{
    private readonly SandboxFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Request_for_an_unknown_tenant_is_rejected()
    {
        var result = await _fixture.SendAsync(SandboxFixture.Request("ghost", "build-1"));

        Assert.Equal(SandboxEventTypes.Rejected, result.Reply!.Type);
        Assert.Equal("tenant/unknown", Assert.Single(SandboxFixture.DataOf(result.Reply!).Reasons!).Rule);
    }

    [Theory]
    [InlineData("runtimeClass", "runc", "vm-isolation/runtime-class")]
    [InlineData("image", "docker.io/evil/miner:latest", "registry/allowed")]
    [InlineData("cpu", "3", "kata/resources")]
    [InlineData("memory", "5Gi", "kata/resources")]
    public async Task Request_the_policy_refuses_is_rejected_naming_the_rule_and_creates_nothing(string field, string value, string rule)
    {
        await _fixture.AddTenantAsync(SandboxFixture.Tenant("acme"));

        var result = await _fixture.SendAsync(SandboxFixture.Request("acme", "bad", data => data[field] = value));

        Assert.Equal(SandboxEventTypes.Rejected, result.Reply!.Type);
        Assert.Contains(SandboxFixture.DataOf(result.Reply!).Reasons!, reason => reason.Rule == rule);
        Assert.Null(await _fixture.RecordAsync("acme", "bad"));
        Assert.Null(await _fixture.PodAsync("acme", "bad"));
        Assert.Empty(await _fixture.IndexedAsync("acme"));
    }

    [Fact]
    public async Task Request_beyond_the_tenants_maximum_is_rejected_by_the_count()
    {
        await _fixture.AddTenantAsync(SandboxFixture.Tenant("acme", max: 2));
        await _fixture.SendAsync(SandboxFixture.Request("acme", "one"));
        await _fixture.SendAsync(SandboxFixture.Request("acme", "two"));

        var third = await _fixture.SendAsync(SandboxFixture.Request("acme", "three"));

        Assert.Equal(SandboxEventTypes.Rejected, third.Reply!.Type);
        Assert.Equal("sandbox/max-count", Assert.Single(SandboxFixture.DataOf(third.Reply!).Reasons!).Rule);
        Assert.Null(await _fixture.PodAsync("acme", "three"));
    }

    [Fact]
    public async Task A_sandbox_that_ended_frees_its_place_in_the_count()
    {
        await _fixture.AddTenantAsync(SandboxFixture.Tenant("acme", max: 1));
        await _fixture.SendAsync(SandboxFixture.Request("acme", "one"));
        await _fixture.SendAsync(SandboxFixture.PodEvent(SandboxEventTypes.PodUpdated, "acme", "one", "Failed", 3, 1, "Error"));

        var next = await _fixture.SendAsync(SandboxFixture.Request("acme", "two"));

        Assert.Equal(SandboxEventTypes.Created, next.Reply!.Type);
        Assert.Equal(SandboxState.Failed, (await _fixture.RecordAsync("acme", "one"))!.State);
    }

    [Fact]
    public async Task Time_to_live_beyond_the_maximum_is_rejected()
    {
        await _fixture.AddTenantAsync(SandboxFixture.Tenant("acme"));

        var result = await _fixture.SendAsync(SandboxFixture.Request("acme", "long", data => data["ttlSeconds"] = 999_999));

        Assert.Equal("sandbox/max-ttl", Assert.Single(SandboxFixture.DataOf(result.Reply!).Reasons!).Rule);
    }
}
