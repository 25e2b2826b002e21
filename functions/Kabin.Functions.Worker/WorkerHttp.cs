using System.Net;
using Kabin.Adapters.CloudEvents;
using Microsoft.Azure.Functions.Worker.Http;

namespace Kabin.Functions.Worker;

/// <summary>The Functions worker's HTTP request and response data to and from the host-neutral parts.</summary>
public static class WorkerHttp
{
    public static HttpRequestParts ToParts(this HttpRequestData request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new HttpRequestParts(request.Headers, request.Body);
    }

    public static async Task<HttpResponseData> ToResponseAsync(
        this HttpRequestData request, HttpResponseParts parts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(parts);
        var response = request.CreateResponse();
        response.StatusCode = (HttpStatusCode)parts.StatusCode;
        if (parts.ContentType is not null)
        {
            response.Headers.Add("Content-Type", parts.ContentType);
        }

        foreach (var (name, value) in parts.Headers)
        {
            response.Headers.Add(name, value);
        }

        if (!parts.Body.IsEmpty)
        {
            await response.Body.WriteAsync(parts.Body, cancellationToken).ConfigureAwait(false);
        }

        return response;
    }
}
