using Kabin.Adapters.CloudEvents;
using Kabin.Adapters.CloudEvents.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kabin.Adapters.HttpApi;

/// <summary>
/// <c>application/problem+json</c> answers for what a function replied (a rejection, an unknown
/// name). Exceptions take the shared path instead: <see cref="ProblemWriter"/> via <see cref="ApiExceptionFilter"/>.
/// </summary>
public static class ApiProblems
{
    private const string TypeBase = "https://kabin.dev/problems/";

    public static JsonHttpResult<HttpProblem> NotFound(string detail) =>
        Problem(StatusCodes.Status404NotFound, "not-found", "Not found", detail);

    public static JsonHttpResult<HttpProblem> Conflict(string detail, IReadOnlyList<FieldError>? errors = null) =>
        Problem(StatusCodes.Status409Conflict, "conflict", "Conflict", detail, errors);

    public static JsonHttpResult<HttpProblem> Rejected(string detail, IReadOnlyList<FieldError> errors) =>
        Problem(StatusCodes.Status422UnprocessableEntity, "rejected", "Rejected", detail, errors);

    public static JsonHttpResult<HttpProblem> Problem(
        int status, string slug, string title, string detail, IReadOnlyList<FieldError>? errors = null) =>
        TypedResults.Json(
            new HttpProblem(TypeBase + slug, title, status, detail, errors is { Count: > 0 } ? errors : null),
            ApiJsonContext.Default.HttpProblem,
            ProblemWriter.ContentType,
            status);
}
