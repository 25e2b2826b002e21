using System.Collections.Frozen;
using Kabin.Events;
using Microsoft.Extensions.Logging;

namespace Kabin.Functions.Worker;

/// <summary>
/// One <see cref="EventDispatcher"/> per function, over only that function's registered handlers,
/// so the <c>tenant</c> endpoint refuses sandbox events as a tenant-only Knative service would.
/// </summary>
public sealed class FunctionDispatchers
{
    private readonly FrozenDictionary<string, EventDispatcher> _dispatchers;

    public FunctionDispatchers(IEnumerable<IFunctionHandler> handlers, IEventSink sink, ILogger<EventDispatcher> logger)
    {
        var all = handlers.ToArray();
        _dispatchers = KabinFunctions.All.ToFrozenDictionary(
            function => function,
            function => new EventDispatcher(all.Where(handler => handler.FunctionName == function), sink, logger),
            StringComparer.Ordinal);
    }

    public EventDispatcher For(string function) =>
        _dispatchers.TryGetValue(function, out var dispatcher)
            ? dispatcher
            : throw new ArgumentOutOfRangeException(nameof(function), function, $"Kabin has no function '{function}'.");
}
