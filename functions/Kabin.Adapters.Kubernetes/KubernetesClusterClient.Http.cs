using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kabin.Adapters.Kubernetes;

public sealed partial class KubernetesClusterClient
{
    /// <summary>Sends one request: the object of a 2xx, null for a 404 when that means "missing", else Kabin's exception for the failure.</summary>
    private async Task<JsonObject?> SendAsync(
        HttpMethod method, string relativePath, HttpContent? content, string what, bool missingIsNull, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        using var request = new HttpRequestMessage(method, new Uri(connection.BaseUri, relativePath))
        {
            Content = content,
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        try
        {
            await connection.AuthorizeAsync(request, timeout.Token).ConfigureAwait(false);
            using var response = await connection.HttpClient.SendAsync(request, timeout.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return JsonNode.Parse(body) as JsonObject
                    ?? throw new TransientFailureException($"{method} {what}: the API server answered {(int)response.StatusCode} without an object.");
            }

            return response.StatusCode == HttpStatusCode.NotFound && missingIsNull
                ? null
                : throw Failure(method, what, response.StatusCode, body);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TransientFailureException($"{method} {what}: the API server did not answer within {_options.Timeout}.", exception);
        }
        catch (HttpRequestException exception)
        {
            throw new TransientFailureException($"{method} {what}: the API server could not be reached ({exception.HttpRequestError}).", exception);
        }
        catch (IOException exception)
        {
            throw new TransientFailureException($"{method} {what}: the connection to the API server failed.", exception);
        }
        catch (JsonException exception)
        {
            throw new TransientFailureException($"{method} {what}: the API server's answer is not JSON.", exception);
        }
    }

    private static KabinException Failure(HttpMethod method, string what, HttpStatusCode status, string body)
    {
        var code = (int)status;
        var message = $"{method} {what}: {code} {StatusMessage(body)}";
        return code switch
        {
            409 => new ConflictException(message),
            408 or 429 or >= 500 => new TransientFailureException(message),
            // The token is read again for every request, so a rotated or expired one is fixed by the retry.
            401 => new TransientFailureException(message + " (the API server refused the credentials; the retry presents the current token)"),
            // A namespace that is still terminating takes new content again once it is gone: retry, do not dead-letter.
            403 when HasCause(body, "NamespaceTerminating") => new TransientFailureException(message + " (the namespace is still terminating; retry once it is gone)"),
            _ => new ClusterRejectedException(code, message),
        };
    }

    private static bool HasCause(string body, string reason)
    {
        try
        {
            return JsonNode.Parse(body)?["details"]?["causes"] is JsonArray causes
                && causes.Any(cause => cause?["reason"] is JsonValue value && value.ToString() == reason);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The message of a <c>kind: Status</c> body, or the start of whatever else the server sent.</summary>
    private static string StatusMessage(string body)
    {
        try
        {
            if (JsonNode.Parse(body) is JsonObject { } status && status["message"] is JsonValue message)
            {
                return message.ToString();
            }
        }
        catch (JsonException)
        {
            // Not a Status body (a proxy's page, say): fall through to the raw text.
        }

        return body.Length > 200 ? body[..200] : body;
    }
}
