using System.Net.Http.Headers;
using Kabin.Host;

namespace Kabin.StartupTypes;

/// <summary>
/// Runs each function's host in-process (plan mode, a scratch SQLite file), sends it its first
/// requests, and returns every closed generic type the DI container built on the way.
/// </summary>
public static class StartupTypeGeneration
{
    public static async Task<IReadOnlyList<Type>> RecordAsync(TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(log);
        using var recorder = new StartupTypeRecorder();
        var scratch = Directory.CreateTempSubdirectory("kabin-startup-types").FullName;
        try
        {
            // The tenant host provisions 'acme' first, so the policy and sandbox hosts answer against a real tenant.
            foreach (var (function, requests) in FirstRequests.ByFunction)
            {
                await RunAsync(function, requests, Path.Combine(scratch, "state.db"), log).ConfigureAwait(false);
            }
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }

        return recorder.ClosedGenericTypes();
    }

    private static async Task RunAsync(string function, FirstRequests.Request[] requests, string statePath, TextWriter log)
    {
        var builder = KabinHost.CreateBuilder(
        [
            "--urls=http://127.0.0.1:0",
            $"--KABIN_FUNCTIONS={function}",
            "--Kabin:Cluster:Mode=plan",
            $"--Kabin:State:Sqlite:Path={statePath}",
            "--Logging:LogLevel:Default=Warning",
        ]);
        var app = KabinHost.Build(builder);
        await using (app.ConfigureAwait(false))
        {
            await app.StartAsync().ConfigureAwait(false);
            using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
            foreach (var request in requests)
            {
                using var message = Message(request);
                using var response = await client.SendAsync(message).ConfigureAwait(false);
                await log.WriteLineAsync($"{function,-8} {message.Method} {request.Path} {request.EventType} -> {(int)response.StatusCode}").ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException(
                        $"{function}: {request.Path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync().ConfigureAwait(false)}");
                }
            }

            await app.StopAsync().ConfigureAwait(false);
        }
    }

    private static HttpRequestMessage Message(FirstRequests.Request request)
    {
        var message = new HttpRequestMessage(request.BodyFile is null ? HttpMethod.Get : HttpMethod.Post, request.Path);
        if (request.BodyFile is not null)
        {
            message.Content = new ByteArrayContent(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "testdata", request.BodyFile)));
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        if (request.EventType is not null)
        {
            message.Headers.Add("ce-specversion", "1.0");
            message.Headers.Add("ce-id", Guid.NewGuid().ToString());
            message.Headers.Add("ce-source", "/kabin/startup-types");
            message.Headers.Add("ce-type", request.EventType);
        }

        return message;
    }
}
