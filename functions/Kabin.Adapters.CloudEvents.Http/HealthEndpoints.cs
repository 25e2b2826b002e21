using System.Text.Json;
using Kabin.Events;
using Kabin.Health;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Kabin.Adapters.CloudEvents.Http;

/// <summary>
/// Knative's health contract: liveness while the process runs; readiness until shutdown starts
/// and while every <see cref="IReadinessCheck"/> (the Dapr sidecar) is ready, 503 naming those
/// waited for otherwise.
/// </summary>
internal static class HealthEndpoints
{
    public static Task LivenessAsync(HttpContext context) => WriteAsync(context, "alive", StatusCodes.Status200OK);

    public static async Task ReadinessAsync(HttpContext context)
    {
        var lifetime = context.RequestServices.GetRequiredService<IHostApplicationLifetime>();
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            await WriteAsync(context, "stopping", StatusCodes.Status503ServiceUnavailable).ConfigureAwait(false);
            return;
        }

        var waitingFor = new List<string>();
        foreach (var check in context.RequestServices.GetServices<IReadinessCheck>())
        {
            if (!await check.IsReadyAsync(context.RequestAborted).ConfigureAwait(false))
            {
                waitingFor.Add(check.Name);
            }
        }

        await (waitingFor.Count == 0
            ? WriteAsync(context, "ready", StatusCodes.Status200OK)
            : WriteAsync(context, "waiting", StatusCodes.Status503ServiceUnavailable, waitingFor)).ConfigureAwait(false);
    }

    private static async Task WriteAsync(HttpContext context, string status, int statusCode, IReadOnlyList<string>? waitingFor = null)
    {
        var services = context.RequestServices;
        var dispatcher = services.GetRequiredService<EventDispatcher>();
        var functions = services.GetService<ServedFunctions>()?.Names
            ?? services.GetServices<IFunctionHandler>().Select(handler => handler.FunctionName).ToHashSet(StringComparer.Ordinal);
        var report = new ReadinessReport(
            status,
            [.. functions.Order(StringComparer.Ordinal)],
            [.. dispatcher.HandledTypes.Order(StringComparer.Ordinal)],
            waitingFor);
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        var body = JsonSerializer.SerializeToUtf8Bytes(report, CloudEventsHttpJsonContext.Default.ReadinessReport);
        await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }
}
