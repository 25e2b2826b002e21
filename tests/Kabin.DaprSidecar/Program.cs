using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Kabin.TestDoubles.Dapr;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// kabin-dapr-sidecar GRPC_PORT COUNTS_PORT [STORE...]: the sidecar double's state API on loopback
// GRPC_PORT (h2c), and on COUNTS_PORT (HTTP/1.1) GET /calls, the calls so far by key family and
// method, and GET /largest, the key with the largest value.
if (args.Length < 2 || !int.TryParse(args[0], CultureInfo.InvariantCulture, out var grpcPort)
    || !int.TryParse(args[1], CultureInfo.InvariantCulture, out var countsPort))
{
    await Console.Error.WriteLineAsync("usage: kabin-dapr-sidecar GRPC_PORT COUNTS_PORT [STORE...]   (default store: kabin-state)");
    return 2;
}

string[] stores = args.Length > 2 ? args[2..] : ["kabin-state"];
await using var sidecar = await DaprSidecarDouble.StartAsync(grpcPort, DaprVersions.Global, clock: null, stores);
sidecar.KeepCalls = false;

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, countsPort));
await using var counts = builder.Build();
counts.MapGet("/calls", () =>
{
    var body = new JsonObject();
    foreach (var ((method, family), count) in sidecar.CallCounts.OrderBy(pair => pair.Key.Family, StringComparer.Ordinal).ThenBy(pair => pair.Key.Method, StringComparer.Ordinal))
    {
        var methods = body[family] as JsonObject ?? new JsonObject();
        body[family] = methods;
        methods[method] = count;
    }

    return Results.Text(body.ToJsonString(), "application/json");
});
counts.MapGet("/largest", () => sidecar.LargestValue() is var (key, bytes)
    ? Results.Text(new JsonObject { ["key"] = key, ["bytes"] = bytes }.ToJsonString(), "application/json")
    : Results.NotFound());
await counts.StartAsync();
Console.WriteLine($"Dapr sidecar double (a test tool, not daprd): gRPC {sidecar.GrpcEndpoint}, calls at http://127.0.0.1:{countsPort}/calls, stores {string.Join(", ", stores)}");

// SIGTERM and Ctrl+C stop the web host (its console lifetime takes them), and with it this process.
await counts.WaitForShutdownAsync();
return 0;
