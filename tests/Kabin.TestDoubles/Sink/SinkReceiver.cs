using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Kabin.TestDoubles.Sink;

/// <summary>
/// A Knative sink on loopback (Kestrel, port 0): records every request and answers 202, or the
/// statuses queued with <see cref="FailNext"/> first (injectable faults for retry tests).
/// </summary>
public sealed class SinkReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<int> _faults = new();
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();
    private readonly SemaphoreSlim _arrivals = new(0);
    private WebApplication? _app;

    public Uri Url { get; private set; } = new("http://127.0.0.1/");

    public IReadOnlyCollection<ReceivedRequest> Received => [.. _received];

    public static async Task<SinkReceiver> StartAsync()
    {
        var receiver = new SinkReceiver();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(receiver.ReceiveAsync);
        await app.StartAsync();
        receiver._app = app;
        receiver.Url = new Uri(app.Urls.Single());
        return receiver;
    }

    /// <summary>Answers the next <paramref name="count"/> requests with <paramref name="status"/>.</summary>
    public void FailNext(int count, int status)
    {
        for (var i = 0; i < count; i++)
        {
            _faults.Enqueue(status);
        }
    }

    /// <summary>Waits until <paramref name="count"/> requests in all have arrived, or throws after <paramref name="timeout"/>.</summary>
    public async Task<IReadOnlyList<ReceivedRequest>> WaitForAsync(int count, TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        while (_received.Count < count)
        {
            await _arrivals.WaitAsync(cancellation.Token);
        }

        return [.. _received];
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        _arrivals.Dispose();
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(
            header => header.Key.ToLowerInvariant(), header => header.Value.ToString(), StringComparer.Ordinal);
        var status = _faults.TryDequeue(out var fault) ? fault : StatusCodes.Status202Accepted;
        _received.Enqueue(new ReceivedRequest(context.Request.Method, context.Request.Path, headers, body.ToArray(), status));
        context.Response.StatusCode = status;
        _arrivals.Release();
    }
}
