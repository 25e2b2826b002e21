using System.Diagnostics;

namespace Kabin.Telemetry;

/// <summary>
/// One client span and one duration measurement around a port call. The measurement carries the
/// operation and, when the call threw, the exception's type name: Kabin's ports throw their own
/// small hierarchy (transient, conflict, rejected), so the label stays bounded.
/// </summary>
internal static class MeasuredCalls
{
    public static async Task<T> RunAsync<T>(
        string span, string operation, Action<string, string?, double> record, Func<Task<T>> call, string? target = null)
    {
        using var activity = KabinTelemetry.Source.StartActivity(span, ActivityKind.Client);
        if (activity is not null && target is not null)
        {
            activity.SetTag("kabin.target", target);
        }

        var startedAt = Stopwatch.GetTimestamp();
        try
        {
            var result = await call().ConfigureAwait(false);
            record(operation, null, KabinMetrics.SecondsSince(startedAt));
            return result;
        }
        catch (Exception exception)
        {
            var errorType = exception.GetType().Name;
            activity?.SetStatus(ActivityStatusCode.Error, errorType);
            activity?.SetTag("error.type", errorType);
            record(operation, errorType, KabinMetrics.SecondsSince(startedAt));
            throw;
        }
    }

    public static Task RunAsync(
        string span, string operation, Action<string, string?, double> record, Func<Task> call, string? target = null) =>
        RunAsync(span, operation, record, async () =>
        {
            await call().ConfigureAwait(false);
            return true;
        }, target);
}
