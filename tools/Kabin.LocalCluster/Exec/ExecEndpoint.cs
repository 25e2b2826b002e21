using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Kabin.LocalCluster;

/// <summary>
/// <c>pods/exec</c> over WebSocket with the Kubernetes channel protocol (<c>v5.channel.k8s.io</c>,
/// <c>v4.channel.k8s.io</c>): each binary message starts with its channel (0 stdin, 1 stdout,
/// 2 stderr, 3 error, 4 resize; v5 adds 255, a channel's close signal), and the exit status comes
/// as a Status on the error channel, as kubectl reads it. Commands run only with <c>--exec</c>.
/// </summary>
internal sealed class ExecEndpoint(PodRuntime runtime)
{
    private static readonly string[] Protocols = ["v5.channel.k8s.io", "v4.channel.k8s.io"];

    public static string LogOf(ObjectKey key, ObjectStore store, PodRuntime runtime)
    {
        var pod = store.Get(key) ?? throw ApiStatusException.NotFound(key.Resource, key.Name);
        return runtime.LogOf(pod["metadata"]!["uid"]!.ToString());
    }

    public async Task ServeAsync(HttpContext context, ObjectKey key, RecordedRequest request, ObjectStore store)
    {
        var pod = store.Get(key) ?? throw ApiStatusException.NotFound(key.Resource, key.Name);
        if (pod["status"]?["phase"]?.ToString() != "Running" || pod["metadata"]?["deletionTimestamp"] is not null)
        {
            throw ApiStatusException.BadRequest($"unable to upgrade connection: container not found (\"{request.QueryValue("container") ?? "sandbox"}\"): pod {key.Name} is not running");
        }

        var protocol = Protocols.FirstOrDefault(context.WebSockets.WebSocketRequestedProtocols.Contains);
        if (!context.WebSockets.IsWebSocketRequest || protocol is null)
        {
            throw ApiStatusException.BadRequest("the local cluster serves exec over WebSocket with v5.channel.k8s.io or v4.channel.k8s.io only (SPDY is not offered)");
        }

        var argv = request.QueryValues("command");
        var wantsStdin = request.QueryValue("stdin") is "true" or "1";
        using var socket = await context.WebSockets.AcceptWebSocketAsync(protocol);
        using var session = new ExecSession(socket);
        if (!runtime.Enabled)
        {
            await session.FinishAsync(Failure("InternalError", "exec is off: start the local cluster with --exec to run commands in pods", null), context.RequestAborted);
            return;
        }

        Process process;
        try
        {
            process = runtime.Start(pod, argv, request.QueryValue("container"), redirectStdin: true);
        }
        catch (Exception error) when (error is ApiStatusException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            await session.FinishAsync(Failure("InternalError", error.Message, null), context.RequestAborted);
            return;
        }

        using (process)
        {
            if (!wantsStdin)
            {
                process.StandardInput.Close();
            }

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            var input = wantsStdin ? session.PumpInputAsync(process.StandardInput, stop.Token) : Task.CompletedTask;
            var output = Task.WhenAll(
                session.PumpOutputAsync(process.StandardOutput.BaseStream, 1, stop.Token),
                session.PumpOutputAsync(process.StandardError.BaseStream, 2, stop.Token));
            try
            {
                await output;
                await process.WaitForExitAsync(stop.Token);
            }
            catch (OperationCanceledException)
            {
                PodRuntime.Kill(process);
                return;
            }
            finally
            {
                await stop.CancelAsync();
                await Task.WhenAny(input, Task.Delay(100, CancellationToken.None));
            }

            var status = process.ExitCode == 0
                ? new JsonObject { ["metadata"] = new JsonObject(), ["status"] = "Success" }
                : Failure("NonZeroExitCode", $"command terminated with non-zero exit code: exit status {process.ExitCode}", process.ExitCode);
            await session.FinishAsync(status, context.RequestAborted);
        }
    }

    private static JsonObject Failure(string reason, string message, int? exitCode)
    {
        var status = new JsonObject { ["metadata"] = new JsonObject(), ["status"] = "Failure", ["message"] = message, ["reason"] = reason };
        if (exitCode is { } code)
        {
            status["details"] = new JsonObject { ["causes"] = new JsonArray(new JsonObject { ["reason"] = "ExitCode", ["message"] = code.ToString(System.Globalization.CultureInfo.InvariantCulture) }) };
        }

        return status;
    }
}
