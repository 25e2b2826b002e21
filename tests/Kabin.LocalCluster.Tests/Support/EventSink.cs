using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Kabin.LocalCluster.Tests.Support;

/// <summary>A CloudEvents sink on loopback that keeps each event's headers and body; it can refuse the first deliveries.</summary>
public sealed class EventSink : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _refusals;

    private EventSink(WebApplication app, int refusals)
    {
        _app = app;
        _refusals = refusals;
    }

    public ConcurrentQueue<(IReadOnlyDictionary<string, string> Headers, string Body)> Events { get; } = new();

    public Uri Url => new(_app.Urls.First());

    public static async Task<EventSink> StartAsync(int refuseFirst = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var sink = new EventSink(app, refuseFirst);
        app.Run(async context =>
        {
            if (Interlocked.Decrement(ref sink._refusals) >= 0)
            {
                context.Response.StatusCode = 503;
                return;
            }

            using var reader = new StreamReader(context.Request.Body);
            var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal);
            sink.Events.Enqueue((headers, await reader.ReadToEndAsync()));
            context.Response.StatusCode = 202;
        });
        await app.StartAsync();
        return sink;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
