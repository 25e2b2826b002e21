using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Kabin.TestDoubles.Otlp;

/// <summary>
/// An OpenTelemetry collector's OTLP/HTTP receiver on loopback: <c>POST /v1/traces</c> and
/// <c>POST /v1/metrics</c> with <c>application/x-protobuf</c> bodies, answered with an empty
/// export response, as the collector does. Point an exporter at it with
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> and <c>OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf</c>.
/// </summary>
public sealed class OtlpCollector : IAsyncDisposable
{
    private readonly ConcurrentQueue<OtlpSpan> _spans = new();
    private readonly ConcurrentQueue<OtlpMetric> _metrics = new();
    private WebApplication? _app;

    public Uri Endpoint { get; private set; } = new("http://127.0.0.1/");

    public IReadOnlyList<OtlpSpan> Spans => [.. _spans];

    public IReadOnlyList<OtlpMetric> Metrics => [.. _metrics];

    public static async Task<OtlpCollector> StartAsync()
    {
        var collector = new OtlpCollector();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/v1/traces", context => ReceiveAsync(context, body => Add(collector._spans, OtlpWire.Spans(body))));
        app.MapPost("/v1/metrics", context => ReceiveAsync(context, body => Add(collector._metrics, OtlpWire.Metrics(body))));
        await app.StartAsync();
        collector._app = app;
        collector.Endpoint = new Uri(app.Urls.Single());
        return collector;
    }

    /// <summary>Waits until some received span satisfies <paramref name="match"/>, or throws after <paramref name="timeout"/>.</summary>
    public Task<IReadOnlyList<OtlpSpan>> WaitForSpansAsync(Func<IReadOnlyList<OtlpSpan>, bool> match, TimeSpan timeout) =>
        WaitAsync(() => Spans, match, timeout);

    public Task<IReadOnlyList<OtlpMetric>> WaitForMetricsAsync(Func<IReadOnlyList<OtlpMetric>, bool> match, TimeSpan timeout) =>
        WaitAsync(() => Metrics, match, timeout);

    private static async Task<IReadOnlyList<T>> WaitAsync<T>(Func<IReadOnlyList<T>> read, Func<IReadOnlyList<T>, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var items = read();
            if (match(items))
            {
                return items;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The OTLP collector did not receive what was awaited within {timeout}; it has {items.Count} items.");
            }

            await Task.Delay(50);
        }
    }

    private static void Add<T>(ConcurrentQueue<T> queue, IEnumerable<T> items)
    {
        foreach (var item in items)
        {
            queue.Enqueue(item);
        }
    }

    private static async Task ReceiveAsync(HttpContext context, Action<byte[]> decode)
    {
        if (context.Request.ContentType?.StartsWith("application/x-protobuf", StringComparison.Ordinal) != true)
        {
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return;
        }

        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        decode(body.ToArray());
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/x-protobuf";
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
