using System.Diagnostics;
using System.Text.Json.Nodes;
using CloudNative.CloudEvents;

namespace Kabin.Host.Tests.Sandboxes;

/// <summary>A sandbox's lifecycle over HTTP through the real host, against the API-server double.</summary>
public sealed class SandboxHttpTests(SandboxHostFixture fixture) : IClassFixture<SandboxHostFixture>
{
    [Fact]
    public async Task Sandbox_walks_from_request_to_running_to_terminated_then_stops_and_another_expires()
    {
        var created = await fixture.SendAsync("dev.kabin.sandbox.requested", SandboxHostFixture.Request("build-1"));
        Assert.Equal("dev.kabin.sandbox.created", created?.Type);
        Assert.Equal("acme/build-1", created!.Subject);
        Assert.Equal("kata-qemu", fixture.Pod("build-1")!["spec"]!["runtimeClassName"]!.GetValue<string>());

        var running = await fixture.KubeletSetsAsync("build-1", new JsonObject { ["phase"] = "Running" });
        Assert.Equal("dev.kabin.sandbox.running", running?.Type);

        var terminated = await fixture.KubeletSetsAsync("build-1", new JsonObject
        {
            ["phase"] = "Failed",
            ["containerStatuses"] = new JsonArray(new JsonObject
            {
                ["name"] = "sandbox",
                ["state"] = new JsonObject { ["terminated"] = new JsonObject { ["exitCode"] = 3, ["reason"] = "Error" } },
            }),
        });
        Assert.Equal("dev.kabin.sandbox.terminated", terminated?.Type);
        Assert.Equal(3, SandboxHostFixture.Data(terminated!).GetProperty("exitCode").GetInt32());
        Assert.Equal("Failed", SandboxHostFixture.Data(terminated!).GetProperty("phase").GetString());

        var stopped = await fixture.SendAsync("dev.kabin.sandbox.stop.requested", SandboxHostFixture.Stop("build-1"));
        Assert.Null(stopped);
        Assert.Null(fixture.Pod("build-1"));
        var deleted = await fixture.SendAsync("dev.knative.apiserver.resource.delete", PodAsLastSeen("build-1"));
        Assert.Equal("dev.kabin.sandbox.deleted", deleted?.Type);

        await fixture.SendAsync("dev.kabin.sandbox.requested", SandboxHostFixture.Request("short", ttlSeconds: 1));
        var expired = await TickUntilAsync("dev.kabin.sandbox.expired", TimeSpan.FromSeconds(15));
        Assert.Equal("acme/short", expired.Subject);
        Assert.Null(fixture.Pod("short"));
    }

    /// <summary>The pod as ApiServerSource last saw it, for its delete event (the double has already removed it).</summary>
    private static JsonObject PodAsLastSeen(string name) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = new JsonObject
        {
            ["name"] = "sbx-" + name,
            ["namespace"] = "tenant-acme",
            ["labels"] = new JsonObject { ["kabin.dev/tenant"] = "acme", ["kabin.dev/sandbox"] = name },
        },
        ["status"] = new JsonObject { ["phase"] = "Failed" },
    };

    /// <summary>Sends ping ticks until one replies <paramref name="type"/>: the deadline passes on the real clock.</summary>
    private async Task<CloudEvent> TickUntilAsync(string type, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (await fixture.SendAsync("dev.knative.sources.ping", new JsonObject()) is { } reply && reply.Type == type)
            {
                return reply;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }

        throw new TimeoutException($"No {type} within {timeout}.");
    }
}
