using Kabin.Adapters.CloudEvents;
using Kabin.Adapters.CloudEvents.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kabin.Adapters.HttpApi;

/// <summary>
/// Turns a failure of an API call into the same problem the CloudEvents path answers with: 422
/// listing each invalid field, 409 for a conflicting concurrent change, 503 with <c>Retry-After</c>
/// for a transient failure, 500 otherwise. Nothing is swallowed into a 2xx.
/// </summary>
public static partial class ApiExceptionFilter
{
    public static async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (Exception exception) when (!http.Response.HasStarted && !http.RequestAborted.IsCancellationRequested)
        {
            // Kestrel's verdicts on the body (over the size limit, broken chunking) are the caller's, with Kestrel's status.
            var reported = exception is BadHttpRequestException bad ? new CloudEventRequestException(bad.StatusCode, bad.Message, bad) : exception;
            var problem = await http.RequestServices.GetRequiredService<ProblemWriter>()
                .WriteAsync(http.Response, reported, http.RequestAborted).ConfigureAwait(false);
            var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ApiExceptionFilter));
            if (problem.Status >= StatusCodes.Status500InternalServerError)
            {
                LogFailed(logger, exception, http.Request.Method, problem.Status);
            }
            else
            {
                LogRejected(logger, http.Request.Method, problem.Status, problem.Title);
            }

            return Results.Empty;
        }
    }

    // The problem's title, not its detail: a parser's detail can quote the request body, which must not reach the logs.
    [LoggerMessage(Level = LogLevel.Warning, Message = "API {Method} answered {StatusCode}: {Problem}")]
    private static partial void LogRejected(ILogger logger, string method, int statusCode, string problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "API {Method} failed with {StatusCode}")]
    private static partial void LogFailed(ILogger logger, Exception exception, string method, int statusCode);
}
