using System.Text;
using Microsoft.Extensions.Logging;

namespace Kabin.Reliability.Tests.Support;

/// <summary>One category's logger of <see cref="CapturedLogs"/>: the rendered line as a JSON console would carry it.</summary>
internal sealed class CapturedLogger(string category, CapturedLogs logs) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => logs.Scopes.Push(state);

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var line = new StringBuilder().Append(logLevel).Append(' ').Append(category).Append(": ").Append(formatter(state, exception));
        if (state is IEnumerable<KeyValuePair<string, object?>> values)
        {
            foreach (var (key, value) in values)
            {
                line.Append(" | ").Append(key).Append('=').Append(value);
            }
        }

        logs.Scopes.ForEachScope((scope, builder) => builder.Append(" | scope ").Append(scope), line);
        if (exception is not null)
        {
            line.Append(" | ").Append(exception);
        }

        logs.Add(line.ToString());
    }
}
