using CloudNative.CloudEvents;
using Microsoft.AspNetCore.Http;

namespace Kabin.Adapters.CloudEvents.Http;

/// <summary>Writes replies encoded by <see cref="CloudEventResponseEncoder"/> to an ASP.NET Core response.</summary>
public sealed class CloudEventResponseWriter
{
    private readonly CloudEventResponseEncoder _encoder = new();

    public Task WriteAsync(HttpResponse response, IReadOnlyList<CloudEvent> replies, bool asBatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.WriteAsync(_encoder.Encode(replies, asBatch), cancellationToken);
    }
}
