using Microsoft.AspNetCore.Http;

namespace Kabin.Adapters.CloudEvents.Http;

/// <summary>ASP.NET Core requests and responses to and from the host-neutral parts.</summary>
public static class HttpMessageConversions
{
    public static HttpRequestParts ToParts(this HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var headers = request.Headers.Select(header => KeyValuePair.Create(header.Key, header.Value.OfType<string>()));
        return new HttpRequestParts(headers, request.Body)
        {
            // Kestrel's verdicts on the body (over MaxRequestBodySize, broken chunking, too slow) are the sender's.
            ReadFailureStatus = e => e is BadHttpRequestException bad ? bad.StatusCode : null,
        };
    }

    public static async Task WriteAsync(this HttpResponse response, HttpResponseParts parts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(parts);
        response.Clear();
        response.StatusCode = parts.StatusCode;
        if (parts.ContentType is not null)
        {
            response.ContentType = parts.ContentType;
        }

        foreach (var (name, value) in parts.Headers)
        {
            response.Headers.Append(name, value);
        }

        response.ContentLength = parts.Body.Length;
        if (!parts.Body.IsEmpty)
        {
            await response.Body.WriteAsync(parts.Body, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads an ASP.NET Core request with the host-neutral reader.</summary>
    public static Task<IncomingEvents> ReadAsync(this CloudEventRequestReader reader, HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return reader.ReadAsync(request.ToParts(), cancellationToken);
    }
}
