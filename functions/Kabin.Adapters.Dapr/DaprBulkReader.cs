using Grpc.Core;
using Grpc.Net.Client;
using Sidecar = Dapr.Client.Autogen.Grpc.v1;

namespace Kabin.Adapters.Dapr;

/// <summary>
/// GetBulkState over the sidecar's own gRPC API. Dapr.Client's bulk read drops each item's
/// <c>error</c>, so a key the store failed to read would come back as absent; here such an item
/// fails the whole read instead, which the event retries. It reaches the sidecar the way
/// Dapr.Client does: <c>Kabin:State:Dapr:GrpcEndpoint</c>, else <c>DAPR_GRPC_ENDPOINT</c>, else
/// <c>DAPR_GRPC_PORT</c> on loopback (50001 by default), with <c>DAPR_API_TOKEN</c> when set.
/// </summary>
internal sealed class DaprBulkReader : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly Sidecar.Dapr.DaprClient _client;
    private readonly Metadata _headers = [];

    public DaprBulkReader(string? endpoint, Func<string, string?> environment)
    {
        var address = endpoint
            ?? environment("DAPR_GRPC_ENDPOINT")
            ?? $"http://127.0.0.1:{environment("DAPR_GRPC_PORT") ?? "50001"}";
        _channel = GrpcChannel.ForAddress(address);
        _client = new Sidecar.Dapr.DaprClient(_channel);
        if (environment("DAPR_API_TOKEN") is { Length: > 0 } token)
        {
            _headers.Add("dapr-api-token", token);
        }
    }

    /// <summary>Each key's data and ETag (both empty when absent); a per-key error throws.</summary>
    public async Task<IReadOnlyList<(string Key, ReadOnlyMemory<byte> Value, string ETag)>> ReadAsync(
        string storeName, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var request = new Sidecar.GetBulkStateRequest { StoreName = storeName };
        request.Keys.AddRange(keys);
        var response = await _client.GetBulkStateAsync(request, _headers, cancellationToken: cancellationToken).ResponseAsync.ConfigureAwait(false);
        var items = new List<(string, ReadOnlyMemory<byte>, string)>(response.Items.Count);
        foreach (var item in response.Items)
        {
            if (!string.IsNullOrEmpty(item.Error))
            {
                throw new TransientFailureException(
                    $"The Dapr state store '{storeName}' could not read key '{item.Key}' in a bulk read ({item.Error}); the event will be retried.");
            }

            items.Add((item.Key, item.Data.Memory, item.Etag ?? string.Empty));
        }

        return items;
    }

    public void Dispose() => _channel.Dispose();
}
