namespace Kabin.Adapters.CloudEvents;

/// <summary>An RFC 9457 <c>application/problem+json</c> body; <c>errors</c> lists invalid fields for a 422.</summary>
public sealed record HttpProblem(
    string Type,
    string Title,
    int Status,
    string Detail,
    IReadOnlyList<FieldError>? Errors = null);
