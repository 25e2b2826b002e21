using Microsoft.AspNetCore.Http;

namespace Kabin.Adapters.CloudEvents.Http;

/// <summary>Writes an exception as <c>application/problem+json</c> to an ASP.NET Core response.</summary>
public sealed class ProblemWriter(ProblemResponseEncoder encoder)
{
    public const string ContentType = ProblemResponseEncoder.ContentType;

    public async Task<HttpProblem> WriteAsync(HttpResponse response, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        var parts = encoder.Encode(exception);
        await response.WriteAsync(parts, cancellationToken).ConfigureAwait(false);
        return parts.Problem!;
    }
}
