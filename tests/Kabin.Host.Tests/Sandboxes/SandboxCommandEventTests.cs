using System.Net;
using System.Text.Json.Nodes;
using CloudNative.CloudEvents;
using Kabin.TestDoubles.Sink;

namespace Kabin.Host.Tests.Sandboxes;

/// <summary>dev.kabin.sandbox.command.requested → command.completed, and a request's commands run once its sandbox is Running.</summary>
public sealed class SandboxCommandEventTests(SandboxWorkFixture world) : IClassFixture<SandboxWorkFixture>
{
    [Fact]
    public async Task A_command_event_is_answered_with_how_it_ended_and_a_redelivery_gets_the_same_answer_without_a_second_run()
    {
        var request = Event("""{"tenant":"acme","name":"work","command":["sh","-c","echo run >> /work/runs; cat /work/runs | wc -l"]}""");

        var (status, first) = await SendAsync(request);
        var (_, again) = await SendAsync(request);
        var (_, runs) = await world.RunAsync("work", new JsonObject { ["command"] = new JsonArray("cat", "/work/runs") });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(("dev.kabin.sandbox.command.completed", "acme/work"), (first!.Type, first.Subject));
        var data = Data(first);
        Assert.Equal((0, "1\n"), (data["exitCode"]!.GetValue<int>(), data["stdout"]!.GetValue<string>()));
        Assert.Equal((first.Id, first.Time), (again!.Id, again.Time));
        Assert.Equal("run\n", runs["stdout"]!.GetValue<string>());
    }

    [Fact]
    public async Task Event_output_is_cut_at_its_own_bound_and_a_command_for_a_missing_sandbox_says_why()
    {
        var (_, big) = await SendAsync(Event("""{"tenant":"acme","name":"work","command":["head","-c","100000","/dev/zero"]}"""));
        var (_, missing) = await SendAsync(Event("""{"tenant":"acme","name":"nobody","command":["true"]}"""));
        var (invalid, _) = await SendAsync(Event("""{"tenant":"acme","name":"work","command":[]}"""));

        Assert.Equal((4096, true), (Data(big!)["stdout"]!.GetValue<string>().Length, Data(big!)["truncated"]!.GetValue<bool>()));
        Assert.Null(Data(missing!)["exitCode"]);
        Assert.Contains("has no sandbox named 'nobody'", Data(missing!)["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid);
    }

    [Fact]
    public async Task A_requests_commands_run_in_order_once_it_is_running_and_stop_at_the_first_failure()
    {
        var before = world.Sink.Received.Count;
        await world.RunningSandboxAsync("steps", new JsonArray(
            new JsonObject { ["command"] = new JsonArray("sh", "-c", "echo one > /work/log") },
            new JsonObject { ["command"] = new JsonArray("sh", "-c", "echo two >> /work/log; cat /work/log") },
            new JsonObject { ["command"] = new JsonArray("false") },
            new JsonObject { ["command"] = new JsonArray("sh", "-c", "echo never >> /work/log") }));

        var completed = new List<JsonObject>();
        var forwarded = 0;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (completed.Count < 3)
        {
            var published = (await world.Sink.WaitForAsync(before + forwarded + 1, TimeSpan.FromSeconds(20))).Skip(before)
                .Where(r => r.Header("ce-type") == "dev.kabin.sandbox.command.requested").ToList();
            if (published.Count <= forwarded)
            {
                await Task.Delay(50, deadline.Token);
                continue;
            }

            // The broker's part: the published command event goes back to the sandbox function.
            var (_, reply) = await ForwardAsync(published[forwarded++]);
            completed.Add(Data(reply!));
        }

        await Task.Delay(500);
        var (_, log) = await world.RunAsync("steps", new JsonObject { ["command"] = new JsonArray("cat", "/work/log") });

        Assert.Equal([0, 1, 2], completed.Select(c => c["step"]!.GetValue<int>()));
        Assert.Equal([0, 0, 1], completed.Select(c => c["exitCode"]!.GetValue<int>()));
        Assert.Equal("one\ntwo\n", completed[1]["stdout"]!.GetValue<string>());
        Assert.Equal(3, world.Sink.Received.Skip(before).Count(r => r.Header("ce-type") == "dev.kabin.sandbox.command.requested"));
        Assert.Equal("one\ntwo\n", log["stdout"]!.GetValue<string>());
    }

    private static CloudEvent Event(string data) => EventMessages.Event("dev.kabin.sandbox.command.requested", "acme/work", data);

    private async Task<(HttpStatusCode Status, CloudEvent? Reply)> SendAsync(CloudEvent cloudEvent)
    {
        using var response = await world.Client.SendAsync(EventMessages.Post(Kabin.TestDoubles.HttpCases.ContentMode.Binary, cloudEvent));
        return (response.StatusCode, response.IsSuccessStatusCode ? await EventMessages.ReadReplyAsync(response) : null);
    }

    private async Task<(HttpStatusCode Status, CloudEvent? Reply)> ForwardAsync(ReceivedRequest received)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new ByteArrayContent(received.Body) };
        foreach (var (name, value) in received.Headers.Where(h => h.Key.StartsWith("ce-", StringComparison.Ordinal)))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        request.Content.Headers.TryAddWithoutValidation("Content-Type", received.Header("content-type"));
        using var response = await world.Client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (response.StatusCode, await EventMessages.ReadReplyAsync(response));
    }

    private static JsonObject Data(CloudEvent reply) => JsonNode.Parse(((System.Text.Json.JsonElement)reply.Data!).GetRawText())!.AsObject();
}
