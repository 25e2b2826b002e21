using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Kabin.LocalCluster.Tests.Support;

/// <summary>An admission webhook on loopback: answers each AdmissionReview with what <c>decide</c> returns (a response without uid), and keeps the requests.</summary>
public sealed class WebhookServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookServer(WebApplication app) => _app = app;

    public ConcurrentQueue<JsonObject> Reviews { get; } = new();

    public Uri Url { get; private set; } = null!;

    public static async Task<WebhookServer> StartAsync(Func<JsonObject, Task<JsonObject>> decide)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new WebhookServer(app);
        app.Run(async context =>
        {
            var review = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
            var request = review["request"]!.AsObject();
            server.Reviews.Enqueue(request);
            var response = await decide(request);
            response["uid"] = request["uid"]!.GetValue<string>();
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(new JsonObject { ["apiVersion"] = "admission.k8s.io/v1", ["kind"] = "AdmissionReview", ["response"] = response }.ToJsonString());
        });
        await app.StartAsync();
        server.Url = new Uri(app.Urls.First());
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
