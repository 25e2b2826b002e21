using System.Text.Json.Nodes;
using Kabin.Sandboxes;

namespace Kabin.Core.Tests.Sandboxes;

public sealed class SandboxRequestTests : IDisposable
{
    private readonly SandboxFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Request_creates_a_hardened_kata_pod_and_replies_created_with_the_manifest_in_plan_mode()
    {
        await _fixture.AddTenantAsync(SandboxFixture.Tenant("acme"));

        var result = await _fixture.SendAsync(SandboxFixture.Request("acme", "build-42", data => data["ttlSeconds"] = 600));

        var reply = Assert.IsType<CloudNative.CloudEvents.CloudEvent>(result.Reply);
        Assert.Equal(SandboxEventTypes.Created, reply.Type);
        Assert.Equal("acme/build-42", reply.Subject);
        Assert.Equal(_fixture.Time.GetUtcNow(), reply.Time);
        var data = SandboxFixture.DataOf(reply);
        Assert.Equal(SandboxState.Creating, data.State);
        var pod = Assert.IsType<JsonObject>(data.Pod);
        Assert.Equal("sbx-build-42", pod["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal("tenant-acme", pod["metadata"]!["namespace"]!.GetValue<string>());
        Assert.Equal("acme", pod["metadata"]!["labels"]![SandboxLabels.Tenant]!.GetValue<string>());
        Assert.Equal("build-42", pod["metadata"]!["labels"]![SandboxLabels.Sandbox]!.GetValue<string>());
        var spec = pod["spec"]!;
        Assert.Equal("kata-qemu", spec["runtimeClassName"]!.GetValue<string>());
        Assert.Equal("Never", spec["restartPolicy"]!.GetValue<string>());
        Assert.Equal(600, spec["activeDeadlineSeconds"]!.GetValue<int>());
        Assert.False(spec["automountServiceAccountToken"]!.GetValue<bool>());
        var container = spec["containers"]![0]!;
        Assert.Equal(container["resources"]!["limits"]!.ToJsonString(), container["resources"]!["requests"]!.ToJsonString());
        Assert.Equal("1", container["resources"]!["limits"]!["cpu"]!.GetValue<string>());
        Assert.Equal("1Gi", container["resources"]!["limits"]!["memory"]!.GetValue<string>());
        Assert.Equal("ALL", container["securityContext"]!["capabilities"]!["drop"]![0]!.GetValue<string>());
        Assert.True(container["securityContext"]!["readOnlyRootFilesystem"]!.GetValue<bool>());
        Assert.False(container["securityContext"]!["allowPrivilegeEscalation"]!.GetValue<bool>());
        Assert.Equal("CI", container["env"]![0]!["name"]!.GetValue<string>());
        Assert.NotNull(await _fixture.PodAsync("acme", "build-42"));
        Assert.Equal(["build-42"], await _fixture.IndexedAsync("acme"));
        var record = await _fixture.RecordAsync("acme", "build-42");
        Assert.Equal([SandboxState.Requested, SandboxState.Creating], record!.History.Select(entry => entry.State));
        Assert.Equal(_fixture.Time.GetUtcNow().AddSeconds(600), record.ExpiresAt);
    }

    [Fact]
    public async Task Default_size_is_capped_at_the_tenants_largest_sandbox()
    {
        _fixture.Settings.DefaultCpu = "4";
        _fixture.Settings.DefaultMemory = "8Gi";
        await _fixture.AddTenantAsync(SandboxFixture.Tenant("acme"));

        var result = await _fixture.SendAsync(SandboxFixture.Request("acme", "big"));

        var limits = SandboxFixture.DataOf(result.Reply!).Pod!["spec"]!["containers"]![0]!["resources"]!["limits"]!;
        Assert.Equal("2", limits["cpu"]!.GetValue<string>());
        Assert.Equal("4Gi", limits["memory"]!.GetValue<string>());
    }

    [Fact]
    public async Task Request_repeated_replies_created_again_and_creates_nothing_new()
    {
        await _fixture.AddTenantAsync(SandboxFixture.Tenant("acme"));
        var first = await _fixture.SendAsync(SandboxFixture.Request("acme", "build-1"));
        var podBefore = await _fixture.PodAsync("acme", "build-1");

        var again = await _fixture.SendAsync(SandboxFixture.Request("acme", "build-1"));

        Assert.Equal(SandboxEventTypes.Created, again.Reply!.Type);
        Assert.Equal(SandboxFixture.DataOf(first.Reply!).Pod!.ToJsonString(), SandboxFixture.DataOf(again.Reply!).Pod!.ToJsonString());
        Assert.Equal(podBefore!["metadata"]!["resourceVersion"]!.ToJsonString(),
            (await _fixture.PodAsync("acme", "build-1"))!["metadata"]!["resourceVersion"]!.ToJsonString());
        Assert.Equal(2, (await _fixture.RecordAsync("acme", "build-1"))!.History.Count);
    }

    [Fact]
    public async Task A_redelivered_request_answers_the_identical_event_later_time_included()
    {
        await _fixture.AddTenantAsync(SandboxFixture.Tenant("acme"));
        var request = SandboxFixture.Request("acme", "build-1");
        var first = await _fixture.SendAsync(request);

        _fixture.Time.Advance(TimeSpan.FromMinutes(3));
        var again = await _fixture.SendAsync(request);

        SandboxFixture.AssertSameEvent(first.Reply!, again.Reply);
    }

    [Fact]
    public async Task A_redelivered_refusal_answers_with_the_time_of_its_cause()
    {
        var request = SandboxFixture.Request("nobody", "build-1");
        request.Time = new DateTimeOffset(2026, 11, 26, 11, 0, 0, TimeSpan.Zero);
        var first = await _fixture.SendAsync(request);

        _fixture.Time.Advance(TimeSpan.FromMinutes(3));
        var again = await _fixture.SendAsync(request);

        Assert.Equal(SandboxEventTypes.Rejected, first.Reply!.Type);
        Assert.Equal(request.Time, first.Reply.Time);
        SandboxFixture.AssertSameEvent(first.Reply, again.Reply);
    }

    [Fact]
    public async Task Request_for_a_sandbox_that_ended_replies_its_state_and_creates_nothing()
    {
        await _fixture.AddTenantAsync(SandboxFixture.Tenant("acme"));
        await _fixture.SendAsync(SandboxFixture.Request("acme", "job"));
        await _fixture.SendAsync(SandboxFixture.PodEvent(SandboxEventTypes.PodUpdated, "acme", "job", "Succeeded", 5, 0, "Completed"));

        var again = await _fixture.SendAsync(SandboxFixture.Request("acme", "job"));

        Assert.Equal(SandboxEventTypes.Terminated, again.Reply!.Type);
        Assert.Equal(SandboxState.Succeeded, SandboxFixture.DataOf(again.Reply!).State);
        Assert.Empty(await _fixture.IndexedAsync("acme"));
    }

    [Theory]
    [InlineData("name", "Not_A_Label")]
    [InlineData("image", "")]
    [InlineData("cpu", "lots")]
    [InlineData("ttlSeconds", -5)]
    public async Task Malformed_request_is_invalid_data_naming_the_field(string field, object value)
    {
        await _fixture.AddTenantAsync(SandboxFixture.Tenant("acme"));

        var error = await Assert.ThrowsAsync<InvalidEventDataException>(() => _fixture.SendAsync(
            SandboxFixture.Request("acme", "ok", data => data[field] = value is int number ? number : (string)value)));

        Assert.Contains(error.Errors, entry => entry.Field == field);
    }
}
