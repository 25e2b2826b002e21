using System.Text.Json.Nodes;
using Microsoft.Azure.Functions.Worker;

namespace Kabin.Functions.Worker.Tests;

/// <summary>The timer-triggered reaper expires sandboxes past their deadline, as PingSource ticks do on Knative.</summary>
public sealed class SandboxReaperFunctionTests(WorkerFixture fixture) : IClassFixture<WorkerFixture>
{
    [Fact]
    public async Task Timer_tick_after_the_deadline_expires_the_sandbox_and_sends_the_expiry_to_the_sink()
    {
        await TenantOnboarding.OnboardAcmeAsync(fixture);
        var requested = new JsonObject
        {
            ["tenant"] = "acme", ["name"] = "short", ["image"] = "ghcr.io/acme/runner:1", ["ttlSeconds"] = 60,
            ["command"] = new JsonArray("sh", "-c", "make test"),
        };
        using var request = EventMessages.Post(ContentMode.Binary, EventMessages.Event("dev.kabin.sandbox.requested", subject: null, data: requested.ToJsonString()));
        using var created = await fixture.SandboxAsync(request);
        Assert.Equal("dev.kabin.sandbox.created", (await EventMessages.ReadReplyAsync(created)).Type);
        var reaper = fixture.Create<SandboxReaperFunction>();

        await reaper.RunAsync(new TimerInfo(), fixture.Context("sandbox-reaper"));
        var early = fixture.Sink.Received.Count(r => r.Header("ce-type") == "dev.kabin.sandbox.expired");
        fixture.Time.Advance(TimeSpan.FromMinutes(2));
        await reaper.RunAsync(new TimerInfo { IsPastDue = true }, fixture.Context("sandbox-reaper"));

        Assert.Equal(0, early);
        var expired = Assert.Single(fixture.Sink.Received, r => r.Header("ce-type") == "dev.kabin.sandbox.expired");
        Assert.Equal("acme/short", Uri.UnescapeDataString(expired.Header("ce-subject")!));
    }
}
