using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Kabin.Adapters.CloudEvents;

/// <summary>Encodes an exception as <c>application/problem+json</c>, with <c>Retry-After</c> on a 503.</summary>
public sealed class ProblemResponseEncoder(IOptions<CloudEventsHttpOptions> options)
{
    public const string ContentType = "application/problem+json";

    public HttpResponseParts Encode(Exception exception)
    {
        var problem = ProblemMapping.ToProblem(exception);
        IReadOnlyList<KeyValuePair<string, string>> headers = problem.Status is 503 or 429
            ? [new("Retry-After", options.Value.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture))]
            : [];
        var body = JsonSerializer.SerializeToUtf8Bytes(problem, CloudEventsJsonContext.Default.HttpProblem);
        return new HttpResponseParts(problem.Status, ContentType, headers, body) { Problem = problem };
    }
}
