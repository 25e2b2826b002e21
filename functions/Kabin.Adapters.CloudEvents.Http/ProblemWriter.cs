using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Kabin.Adapters.CloudEventsHttp;

/// <summary>Writes an exception as <c>application/problem+json</c>, with <c>Retry-After</c> on a 503.</summary>
public sealed class ProblemWriter(IOptions<CloudEventsHttpOptions> options)
{
    public const string ContentType = "application/problem+json";

    public async Task<HttpProblem> WriteAsync(HttpResponse response, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        var problem = ProblemMapping.ToProblem(exception);
        response.Clear();
        response.StatusCode = problem.Status;
        response.ContentType = ContentType;
        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            response.Headers.RetryAfter = options.Value.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(problem, CloudEventsHttpJsonContext.Default.HttpProblem);
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, cancellationToken).ConfigureAwait(false);
        return problem;
    }
}
