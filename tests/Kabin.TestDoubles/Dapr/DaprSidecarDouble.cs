using System.Collections.Concurrent;
using System.Net;
using Dapr.Client.Autogen.Grpc.v1;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kabin.TestDoubles.Dapr;

/// <summary>
/// A Dapr sidecar on loopback that answers the state API over gRPC (h2c, HTTP/2 without TLS):
/// GetState, SaveState and DeleteState with Dapr's ETag semantics, per state store component.
/// Any other method answers UNIMPLEMENTED, as daprd does for a method it lacks. Point a
/// DaprClient at <see cref="GrpcEndpoint"/> with <c>DaprClientBuilder.UseGrpcEndpoint</c>.
/// Daprd's health API is on a second port over HTTP/1.1 (<see cref="HttpEndpoint"/>):
/// <c>GET /v1.0/healthz</c> and <c>/v1.0/healthz/outbound</c> answer 204, or 500 while
/// <see cref="DaprFaults.Initializing"/> is set, as daprd does before its components are ready.
/// </summary>
public sealed class DaprSidecarDouble : IAsyncDisposable
{
    private const string ServicePrefix = "/dapr.proto.runtime.v1.Dapr/";

    private readonly WebApplication _app;
    private readonly DaprStateStores _stores;
    private readonly ConcurrentQueue<DaprCall> _calls = new();
    private readonly ConcurrentDictionary<(string Method, string Family), long> _counts = new();

    private DaprSidecarDouble(WebApplication app, DaprStateStores stores)
    {
        _app = app;
        _stores = stores;
    }

    public Uri GrpcEndpoint { get; private set; } = null!;

    public Uri HttpEndpoint { get; private set; } = null!;

    public DaprFaults Faults { get; } = new();

    /// <summary>Every call received, in arrival order (faulted calls included), unless <see cref="KeepCalls"/> is off.</summary>
    public IReadOnlyList<DaprCall> Calls => [.. _calls];

    /// <summary>Whether <see cref="Calls"/> keeps each call; a long benchmark turns it off and reads <see cref="CallCounts"/>.</summary>
    public bool KeepCalls { get; set; } = true;

    /// <summary>
    /// How many calls of each method came for each key family: the first path segment of the
    /// call's first key (<c>tenants</c>, <c>sandboxes</c>, <c>plan</c>, ...), always counted.
    /// </summary>
    public IReadOnlyDictionary<(string Method, string Family), long> CallCounts => new Dictionary<(string, string), long>(_counts);

    public static Task<DaprSidecarDouble> StartAsync(params string[] storeNames) => StartAsync(DaprVersions.Global, null, storeNames);

    /// <summary>A sidecar whose stores number versions as <paramref name="versions"/> says and expire keys by <paramref name="clock"/>.</summary>
    public static Task<DaprSidecarDouble> StartAsync(DaprVersions versions, TimeProvider? clock, params string[] storeNames) =>
        StartAsync(0, versions, clock, storeNames);

    /// <summary>A sidecar on loopback <paramref name="port"/> (0 for any free one).</summary>
    public static async Task<DaprSidecarDouble> StartAsync(int port, DaprVersions versions, TimeProvider? clock, params string[] storeNames)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2);
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http1);
        });
        var app = builder.Build();
        var sidecar = new DaprSidecarDouble(app, new DaprStateStores(storeNames, versions, clock));
        app.MapPost(ServicePrefix + "{method}", (HttpContext context, string method) => sidecar.HandleAsync(context, method));
        app.MapGet("/v1.0/healthz", sidecar.Health);
        app.MapGet("/v1.0/healthz/outbound", sidecar.Health);
        await app.StartAsync().ConfigureAwait(false);
        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.Select(address => new Uri(address)).ToArray();
        // Kestrel binds in the order of the Listen calls: gRPC first, then HTTP.
        sidecar.GrpcEndpoint = addresses[0];
        sidecar.HttpEndpoint = addresses[1];
        return sidecar;
    }

    public void ClearCalls() => _calls.Clear();

    private IResult Health() => Faults.Initializing ? Results.StatusCode(500) : Results.NoContent();

    /// <summary>The key holding the largest value now, and its size in bytes; null when nothing is stored.</summary>
    public (string Key, int Bytes)? LargestValue() => _stores.Largest();

    private static string FamilyOf(IMessage? request)
    {
        var key = request switch
        {
            GetStateRequest get => get.Key,
            GetBulkStateRequest bulk => bulk.Keys.FirstOrDefault(),
            SaveStateRequest save => save.States.FirstOrDefault()?.Key,
            DeleteStateRequest delete => delete.Key,
            _ => null,
        };
        return key is null ? "-" : key.Split('/')[0];
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext context, string method)
    {
        var cancellationToken = context.RequestAborted;
        GrpcFrames.StartResponse(context.Response);
        try
        {
            var reply = await DispatchAsync(context.Request, method, cancellationToken).ConfigureAwait(false);
            await GrpcFrames.WriteMessageAsync(context.Response, reply, cancellationToken).ConfigureAwait(false);
            GrpcFrames.WriteStatus(context.Response, Status.DefaultSuccess);
        }
        catch (RpcException ex)
        {
            GrpcFrames.WriteStatus(context.Response, ex.Status);
        }
    }

    private async Task<IMessage> DispatchAsync(HttpRequest request, string method, CancellationToken cancellationToken)
    {
        IMessage? parsed = method switch
        {
            "GetState" => await GrpcFrames.ReadUnaryAsync(request, GetStateRequest.Parser, cancellationToken).ConfigureAwait(false),
            "GetBulkState" => await GrpcFrames.ReadUnaryAsync(request, GetBulkStateRequest.Parser, cancellationToken).ConfigureAwait(false),
            "SaveState" => await GrpcFrames.ReadUnaryAsync(request, SaveStateRequest.Parser, cancellationToken).ConfigureAwait(false),
            "DeleteState" => await GrpcFrames.ReadUnaryAsync(request, DeleteStateRequest.Parser, cancellationToken).ConfigureAwait(false),
            _ => null,
        };
        if (KeepCalls)
        {
            _calls.Enqueue(new DaprCall(method, parsed));
        }

        _counts.AddOrUpdate((method, FamilyOf(parsed)), 1, (_, count) => count + 1);
        if (Faults.Delay > TimeSpan.Zero)
        {
            await Task.Delay(Faults.Delay, cancellationToken).ConfigureAwait(false);
        }

        if (Faults.TakeFailure() is { } failure)
        {
            throw new RpcException(failure);
        }

        switch (parsed)
        {
            case GetStateRequest get:
                return _stores.Get(get);
            case GetBulkStateRequest bulk:
                var answer = _stores.GetBulk(bulk);
                foreach (var item in answer.Items.Where(item => item.Key == Faults.BulkItemError?.Key))
                {
                    item.Data = Google.Protobuf.ByteString.Empty;
                    item.Etag = string.Empty;
                    item.Error = Faults.BulkItemError!.Value.Error;
                }

                return answer;
            case SaveStateRequest save:
                _stores.Save(save);
                return new Google.Protobuf.WellKnownTypes.Empty();
            case DeleteStateRequest delete:
                _stores.Delete(delete);
                return new Google.Protobuf.WellKnownTypes.Empty();
            default:
                throw new RpcException(new Status(StatusCode.Unimplemented, $"unknown method {method} for service dapr.proto.runtime.v1.Dapr"));
        }
    }
}
