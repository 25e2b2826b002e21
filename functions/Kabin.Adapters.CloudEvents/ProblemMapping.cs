using Kabin.Sandboxes.Work;

namespace Kabin.Adapters.CloudEvents;

/// <summary>
/// The one place where Kabin's exceptions become HTTP status codes: input that will never succeed
/// is a 4xx (Knative dead-letters it), a transient failure a 5xx (Knative retries it).
/// </summary>
public static class ProblemMapping
{
    private const string TypeBase = "https://kabin.dev/problems/";

    public static HttpProblem ToProblem(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            CloudEventRequestException e => Problem(e.StatusCode, e.StatusCode switch
            {
                415 => "not-a-cloudevent",
                413 => "too-large",
                400 => "malformed-cloudevent",
                _ => "bad-request",
            }, e.Message),
            UnhandledEventTypeException e => Problem(400, "unhandled-event-type", e.Message),
            InvalidEventDataException e => Problem(422, "invalid-event-data", e.Message, e.Errors),
            SandboxWorkRefusedException e => Problem(StatusOf(e.Refusal), SlugOf(e.Refusal), e.Message),
            ClusterRejectedException e => Problem(422, "cluster-rejected", e.Message),
            ConflictException e => Problem(409, "conflict", e.Message),
            TransientFailureException e => Problem(503, "transient-failure", e.Message),
            _ => Problem(500, "internal-error",
                "The function failed unexpectedly; the event will be retried. See the function's logs for the trace id."),
        };
    }

    private static int StatusOf(SandboxWorkRefusal refusal) => refusal switch
    {
        SandboxWorkRefusal.UnknownSandbox or SandboxWorkRefusal.NoSuchFile => 404,
        SandboxWorkRefusal.NotRunning or SandboxWorkRefusal.WrongKind => 409,
        SandboxWorkRefusal.InvalidPath => 400,
        SandboxWorkRefusal.TooLarge => 413,
        SandboxWorkRefusal.LengthRequired => 411,
        SandboxWorkRefusal.Busy => 429,
        _ => 422,
    };

    private static string SlugOf(SandboxWorkRefusal refusal) => refusal switch
    {
        SandboxWorkRefusal.UnknownSandbox or SandboxWorkRefusal.NoSuchFile => "not-found",
        SandboxWorkRefusal.NotRunning or SandboxWorkRefusal.WrongKind => "conflict",
        SandboxWorkRefusal.InvalidPath => "invalid-path",
        SandboxWorkRefusal.TooLarge => "too-large",
        SandboxWorkRefusal.LengthRequired => "length-required",
        SandboxWorkRefusal.Busy => "busy",
        _ => "sandbox-failed",
    };

    private static HttpProblem Problem(int status, string slug, string detail, IReadOnlyList<FieldError>? errors = null) =>
        new(TypeBase + slug, Title(slug), status, detail, errors is { Count: > 0 } ? errors : null);

    private static string Title(string slug) => slug switch
    {
        "not-a-cloudevent" => "Not a CloudEvent",
        "too-large" => "Request too large",
        "malformed-cloudevent" => "Malformed CloudEvent",
        "unhandled-event-type" => "Unhandled event type",
        "invalid-event-data" => "Invalid event data",
        "cluster-rejected" => "Rejected by the cluster",
        "conflict" => "Conflict",
        "transient-failure" => "Transient failure",
        "bad-request" => "Bad request",
        "not-found" => "Not found",
        "invalid-path" => "Invalid path",
        "length-required" => "Length required",
        "busy" => "Too many requests",
        "sandbox-failed" => "The sandbox could not do it",
        _ => "Internal error",
    };
}
