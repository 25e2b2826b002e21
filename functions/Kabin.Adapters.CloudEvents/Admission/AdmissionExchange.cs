using System.Text.Json;
using System.Text.Json.Nodes;
using Kabin.Policy;

namespace Kabin.Adapters.CloudEvents;

/// <summary>
/// One admission webhook exchange, whatever the host: an AdmissionReview body in, the
/// AdmissionReview answer out (200), or a 400 problem for a body that is no AdmissionReview.
/// </summary>
public sealed class AdmissionExchange(AdmissionReviewHandler handler)
{
    /// <summary>
    /// AdmissionReviews larger than this are refused. The API server stores objects up to 3 MiB
    /// (etcd's request limit), and an UPDATE's review carries object and oldObject: two such objects
    /// with JSON's escaping fit. The admission routes raise the host's body limit to this.
    /// </summary>
    public const int MaxReviewBytes = 8 * 1024 * 1024;

    public async Task<HttpResponseParts> HandleAsync(HttpRequestParts request, bool mutate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        JsonObject review;
        try
        {
            var body = await ReadBodyAsync(request, cancellationToken).ConfigureAwait(false);
            review = mutate
                ? await handler.MutateAsync(body, cancellationToken).ConfigureAwait(false)
                : await handler.ValidateAsync(body, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidEventDataException e)
        {
            return Json(400, ProblemResponseEncoder.ContentType, Problem(400, e.Message));
        }
        catch (CloudEventRequestException e)
        {
            // The host's own body limit (Kabin:Http:MaxBodyBytes, below MaxReviewBytes) or a broken upload:
            // a problem with the host's status (413 or 400), never an unhandled 500.
            return Json(e.StatusCode, ProblemResponseEncoder.ContentType, Problem(e.StatusCode, e.Message));
        }

        return Json(200, "application/json", review);
    }

    private static async Task<JsonNode?> ReadBodyAsync(HttpRequestParts request, CancellationToken cancellationToken)
    {
        using var body = await request.ReadBodyAsync(
            MaxReviewBytes,
            () => new InvalidEventDataException($"The AdmissionReview is larger than {MaxReviewBytes} bytes."),
            cancellationToken).ConfigureAwait(false);
        if (body.IsEmpty)
        {
            throw new InvalidEventDataException("The body is empty. POST an admission.k8s.io/v1 AdmissionReview as JSON.");
        }

        try
        {
            return JsonNode.Parse(body.Memory.Span);
        }
        catch (JsonException e)
        {
            throw new InvalidEventDataException($"The body is not valid JSON ({e.Message}). POST an admission.k8s.io/v1 AdmissionReview.");
        }
    }

    private static JsonObject Problem(int status, string detail) => new()
    {
        ["type"] = "about:blank",
        ["title"] = "Malformed AdmissionReview",
        ["status"] = status,
        ["detail"] = detail,
    };

    private static HttpResponseParts Json(int status, string contentType, JsonObject body) =>
        new(status, contentType, [], JsonSerializer.SerializeToUtf8Bytes(body, KabinJsonContext.Default.JsonObject));
}
