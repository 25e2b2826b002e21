using System.Net.Http.Headers;
using Kabin.Host;
using Kabin.TestDoubles.Dapr;
using Kabin.LocalCluster;

namespace Kabin.StartupTypes;

/// <summary>
/// Runs each function's host in-process twice, as a workstation runs it (plan mode, embedded
/// SQLite) and as Knative runs it (applying to an API server, Dapr state; here the loopback
/// doubles of both), sends it its first requests, and returns every closed generic type the DI
/// container built on the way.
/// </summary>
public static class StartupTypeGeneration
{
    private const string StoreName = "statestore";

    public static async Task<IReadOnlyList<Type>> RecordAsync(TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var scratch = Directory.CreateTempSubdirectory("kabin-startup-types").FullName;
        try
        {
            await using var apiServer = await KubeApiServerDouble.StartAsync().ConfigureAwait(false);
            await using var sidecar = await DaprSidecarDouble.StartAsync(StoreName).ConfigureAwait(false);
            var kubeconfig = apiServer.WriteKubeconfig(Path.Combine(scratch, "kubeconfig.yaml"));
            string[][] configurations =
            [
                ["--Kabin:Cluster:Mode=plan", $"--Kabin:State:Sqlite:Path={Path.Combine(scratch, "state.db")}"],
                [
                    $"--Kabin:Cluster:Kubeconfig={kubeconfig}",
                    $"--Kabin:State:Dapr:StoreName={StoreName}",
                    $"--Kabin:State:Dapr:GrpcEndpoint={sidecar.GrpcEndpoint}",
                ],
            ];

            // Started before recording, so the doubles' own services stay out of the list.
            using var recorder = new StartupTypeRecorder();
            foreach (var configuration in configurations)
            {
                // The tenant host provisions 'acme' first, so the policy and sandbox hosts answer against a real tenant.
                foreach (var (function, requests) in FirstRequests.ByFunction)
                {
                    await RunAsync(function, configuration, requests, log).ConfigureAwait(false);
                }
            }

            return recorder.ClosedGenericTypes();
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static async Task RunAsync(string function, string[] configuration, FirstRequests.Request[] requests, TextWriter log)
    {
        var builder = KabinHost.CreateBuilder(
        [
            "--urls=http://127.0.0.1:0",
            $"--KABIN_FUNCTIONS={function}",
            "--Logging:LogLevel:Default=Warning",
            .. configuration,
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
