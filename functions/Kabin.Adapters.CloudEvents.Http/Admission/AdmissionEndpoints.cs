using System.Text.Json;
using System.Text.Json.Nodes;
using Kabin.Policy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Kabin.Adapters.CloudEventsHttp;

/// <summary>Maps the policy function's admission webhooks: <c>POST /admission/validate</c> and <c>POST /admission/mutate</c>.</summary>
public static class AdmissionEndpoints
{
    /// <summary>AdmissionReviews larger than this are refused; the API server's own limit is 3 MiB per object.</summary>
    private const int MaxReviewBytes = 4 * 1024 * 1024;

    public static IEndpointRouteBuilder MapKabinAdmission(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapPost("/admission/validate", ValidateAsync);
        endpoints.MapPost("/admission/mutate", MutateAsync);
        return endpoints;
    }

    private static Task ValidateAsync(HttpContext context) => HandleAsync(context, mutate: false);

    private static Task MutateAsync(HttpContext context) => HandleAsync(context, mutate: true);

    private static async Task HandleAsync(HttpContext context, bool mutate)
    {
        var handler = context.RequestServices.GetRequiredService<AdmissionReviewHandler>();
        var cancellationToken = context.RequestAborted;
        JsonObject review;
        try
        {
            var body = await ReadBodyAsync(context.Request, cancellationToken).ConfigureAwait(false);
            review = mutate
                ? await handler.MutateAsync(body, cancellationToken).ConfigureAwait(false)
                : await handler.ValidateAsync(body, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidEventDataException e)
        {
            await WriteAsync(context, StatusCodes.Status400BadRequest, Problem(e.Message), cancellationToken).ConfigureAwait(false);
            return;
        }

        await WriteAsync(context, StatusCodes.Status200OK, review, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<JsonNode?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxReviewBytes)
        {
            throw new InvalidEventDataException($"The AdmissionReview is larger than {MaxReviewBytes} bytes.");
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (buffer.Length == 0)
        {
            throw new InvalidEventDataException("The body is empty. POST an admission.k8s.io/v1 AdmissionReview as JSON.");
        }

        try
        {
            return JsonNode.Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        }
        catch (JsonException e)
        {
            throw new InvalidEventDataException($"The body is not valid JSON ({e.Message}). POST an admission.k8s.io/v1 AdmissionReview.");
        }
    }

    private static JsonObject Problem(string detail) => new()
    {
        ["type"] = "about:blank",
        ["title"] = "Malformed AdmissionReview",
        ["status"] = StatusCodes.Status400BadRequest,
        ["detail"] = detail,
    };

    private static async Task WriteAsync(HttpContext context, int status, JsonObject body, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = status == StatusCodes.Status200OK ? "application/json" : "application/problem+json";
        await JsonSerializer.SerializeAsync(context.Response.Body, body, KabinJsonContext.Default.JsonObject, cancellationToken)
            .ConfigureAwait(false);
    }
}
