using System.Text.Json;
using Kabin.Events;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Kabin.Adapters.CloudEvents.Http;

/// <summary>Knative's health contract: liveness while the process runs, readiness until shutdown starts.</summary>
internal static class HealthEndpoints
{
    public static Task LivenessAsync(HttpContext context) => WriteAsync(context, "alive", StatusCodes.Status200OK);

    public static Task ReadinessAsync(HttpContext context)
    {
        var lifetime = context.RequestServices.GetRequiredService<IHostApplicationLifetime>();
        return lifetime.ApplicationStopping.IsCancellationRequested
            ? WriteAsync(context, "stopping", StatusCodes.Status503ServiceUnavailable)
            : WriteAsync(context, "ready", StatusCodes.Status200OK);
    }

    private static async Task WriteAsync(HttpContext context, string status, int statusCode)
    {
        var services = context.RequestServices;
        var dispatcher = services.GetRequiredService<EventDispatcher>();
        var functions = services.GetService<ServedFunctions>()?.Names
            ?? services.GetServices<IFunctionHandler>().Select(handler => handler.FunctionName).ToHashSet(StringComparer.Ordinal);
        var report = new ReadinessReport(
            status,
            [.. functions.Order(StringComparer.Ordinal)],
            [.. dispatcher.HandledTypes.Order(StringComparer.Ordinal)]);
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        var body = JsonSerializer.SerializeToUtf8Bytes(report, CloudEventsHttpJsonContext.Default.ReadinessReport);
        await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }
}
