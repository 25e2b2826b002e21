using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Kabin.Reliability.Tests.Support;

/// <summary>
/// A logger provider that keeps every line the host would write: message, exception and scope
/// values, so that tests can prove what the host logs and what it never logs.
/// </summary>
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> _lines = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyCollection<string> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new CapturedLogger(categoryName, this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    internal IExternalScopeProvider Scopes => _scopes;

    internal void Add(string line) => _lines.Enqueue(line);
}
