using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Kabin.TestDoubles.Kubectl;

namespace Kabin.Host.Tests.Sandboxes;

/// <summary>POST /tenants/{tenant}/sandboxes/{name}/commands against real processes in the local cluster's pods.</summary>
public sealed class SandboxCommandTests(SandboxWorkFixture world) : IClassFixture<SandboxWorkFixture>
{
    [Fact]
    public async Task Exit_codes_and_the_two_output_streams_come_back_apart()
    {
        var (okStatus, ok) = await world.RunAsync("work", Command("sh", "-c", "echo out; echo err >&2"));
        var (failedStatus, failed) = await world.RunAsync("work", Command("sh", "-c", "echo partial; exit 1"));

        Assert.Equal(200, okStatus);
        Assert.Equal((0, "out\n", "err\n", false), (ok["exitCode"]!.GetValue<int>(), ok["stdout"]!.GetValue<string>(), ok["stderr"]!.GetValue<string>(), ok["truncated"]!.GetValue<bool>()));
        Assert.Equal(200, failedStatus);
        Assert.Equal((1, "partial\n", ""), (failed["exitCode"]!.GetValue<int>(), failed["stdout"]!.GetValue<string>(), failed["stderr"]!.GetValue<string>()));
        Assert.True(ok["durationMs"]!.GetValue<long>() >= 0);
    }

    [Fact]
    public async Task Stdin_env_and_working_directory_reach_the_command_and_argv_is_never_a_shell_string()
    {
        var (_, echoed) = await world.RunAsync("work", Command("cat").With("stdin", "line one\nline two\n"));
        var (_, environment) = await world.RunAsync("work", Command("sh", "-c", "echo \"$GREETING from $(pwd)\"").With("env", new JsonObject { ["GREETING"] = "hello; rm -rf /" }).With("workingDir", "/tmp"));
        var (_, literal) = await world.RunAsync("work", Command("echo", "$(id)", "; exit 7", "`whoami`"));

        Assert.Equal("line one\nline two\n", echoed["stdout"]!.GetValue<string>());
        Assert.Equal("hello; rm -rf / from /tmp\n", environment["stdout"]!.GetValue<string>());
        Assert.Equal((0, "$(id) ; exit 7 `whoami`\n"), (literal["exitCode"]!.GetValue<int>(), literal["stdout"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_command_past_its_timeout_is_killed_with_its_children_and_exits_137()
    {
        var started = DateTimeOffset.UtcNow;
        var (status, killed) = await world.RunAsync("work", Command("sh", "-c", "sleep 30 & sleep 30; echo never").With("timeoutSeconds", 1));
        var took = DateTimeOffset.UtcNow - started;

        Assert.Equal(200, status);
        Assert.Equal((137, true, ""), (killed["exitCode"]!.GetValue<int>(), killed["timedOut"]!.GetValue<bool>(), killed["stdout"]!.GetValue<string>()));
        Assert.True(took < TimeSpan.FromSeconds(15), $"the kill took {took}: the backgrounded child kept the stream open");
    }

    [Fact]
    public async Task Ten_mebibytes_of_output_are_cut_at_the_limit_and_say_truncated()
    {
        var (status, big) = await world.RunAsync("work", Command("sh", "-c", "head -c 10485760 /dev/zero | tr '\\0' x; echo tail >&2"));

        Assert.Equal(200, status);
        Assert.Equal(0, big["exitCode"]!.GetValue<int>());
        Assert.True(big["truncated"]!.GetValue<bool>());
        Assert.Equal(1024 * 1024, big["stdout"]!.GetValue<string>().Length);
        Assert.Equal("tail\n", big["stderr"]!.GetValue<string>());
    }

    [Fact]
    public async Task With_ndjson_the_output_streams_in_chunks_and_ends_with_the_exit_code()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/tenants/acme/sandboxes/work/commands")
        {
            Content = Kabin.Host.Tests.Api.Api.Json(Command("sh", "-c", "echo first; sleep 0.3; echo second >&2; exit 4")),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/x-ndjson"));
        using var response = await world.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!.AsObject()).ToList();

        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("first\n", string.Concat(lines.Where(l => l.ContainsKey("stdout")).Select(l => l["stdout"]!.GetValue<string>())));
        Assert.Equal("second\n", string.Concat(lines.Where(l => l.ContainsKey("stderr")).Select(l => l["stderr"]!.GetValue<string>())));
        Assert.True(lines.FindIndex(l => l.ContainsKey("stdout")) < lines.FindIndex(l => l.ContainsKey("stderr")));
        Assert.Equal(4, lines[^1]["exitCode"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_same_command_through_kubectl_exec_on_the_same_pod_gives_the_same_output()
    {
        string[] argv = ["sh", "-c", "echo \"host $HOSTNAME\"; echo warn >&2; ls /work >/dev/null; exit 3"];
        var (_, api) = await world.RunAsync("work", Command(argv));
        var kubectl = await new Kubectl(world.Kubeconfig).RunAsync(["exec", "-n", "tenant-acme", "sbx-work", "--", .. argv]);

        Assert.Equal((3, "host sbx-work\n"), (api["exitCode"]!.GetValue<int>(), api["stdout"]!.GetValue<string>()));
        Assert.Equal((api["exitCode"]!.GetValue<int>(), api["stdout"]!.GetValue<string>()), (kubectl.ExitCode, kubectl.Output));
        Assert.Contains(api["stderr"]!.GetValue<string>().Trim(), kubectl.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refusals_name_what_is_wrong()
    {
        var (unknown, _) = await world.RunAsync("nobody", Command("true"));
        var (notAName, _) = await world.RunAsync(new string('x', 300), Command("true"));
        var (empty, emptyBody) = await world.RunAsync("work", Command());
        var (badEnv, _) = await world.RunAsync("work", Command("true").With("env", new JsonObject { ["A=B"] = "1" }));
        var (badTimeout, _) = await world.RunAsync("work", Command("true").With("timeoutSeconds", 0));
        var (bigStdin, _) = await world.RunAsync("work", Command("cat").With("stdin", new string('x', 1024 * 1024 + 1)));

        Assert.Equal((404, 404, 422, 422, 422, 413), (unknown, notAName, empty, badEnv, badTimeout, bigStdin));
        Assert.Contains("never by a shell", emptyBody["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_command_on_a_stopped_sandbox_is_refused_with_409()
    {
        await world.RunningSandboxAsync("stopped");
        using var stop = await world.Client.DeleteAsync("/tenants/acme/sandboxes/stopped");
        Assert.True(stop.IsSuccessStatusCode);

        var (status, body) = await world.RunAsync("stopped", Command("true"));

        Assert.Equal(409, status);
        Assert.Contains("need it Running", body["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task More_commands_at_once_than_allowed_get_429_with_retry_after()
    {
        var running = Enumerable.Range(0, SandboxWorkFixture.MaxConcurrent)
            .Select(_ => world.RunAsync("work", Command("sleep", "2"))).ToArray();
        await Task.Delay(500);
        using var extra = await world.Client.PostAsync("/tenants/acme/sandboxes/work/commands", Kabin.Host.Tests.Api.Api.Json(Command("true")));
        var finished = await Task.WhenAll(running);

        Assert.Equal(429, (int)extra.StatusCode);
        Assert.True(extra.Headers.RetryAfter is not null);
        Assert.All(finished, result => Assert.Equal(0, result.Body["exitCode"]!.GetValue<int>()));
    }

    private static JsonObject Command(params string[] argv) => new() { ["command"] = new JsonArray([.. argv.Select(part => (JsonNode?)part)]) };
}

/// <summary>Adds a field to a command body.</summary>
internal static class CommandBodies
{
    public static JsonObject With(this JsonObject body, string key, JsonNode? value)
    {
        body[key] = value;
        return body;
    }
}
