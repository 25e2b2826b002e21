using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Text.RegularExpressions;

namespace Kabin.StartupTypes;

/// <summary>
/// Listens to the dependency-injection container's event source and keeps every closed generic
/// type it builds a call site with: the implementation types it constructs (<c>Logger&lt;T&gt;</c>,
/// <c>OptionsFactory&lt;T&gt;</c>, …) and the arrays it creates for <c>IEnumerable&lt;T&gt;</c>.
/// </summary>
/// <remarks>
/// Under Native AOT each of these that the compiler never saw is assembled at run time by the type
/// loader from canonical templates; that was a third of the host's start (docs/performance.md).
/// </remarks>
public sealed partial class StartupTypeRecorder : EventListener
{
    private const string ContainerEventSource = "Microsoft-Extensions-DependencyInjection";
    private readonly ConcurrentDictionary<string, byte> _typeNames = new();

    /// <summary>The closed generic classes and arrays seen so far that resolve to types, by name.</summary>
    public IReadOnlyList<Type> ClosedGenericTypes()
    {
        var types = new Dictionary<string, Type>(StringComparer.Ordinal);
        foreach (var name in _typeNames.Keys)
        {
            if (ReflectionTypeNames.Resolve(name) is { IsInterface: false } type)
            {
                types.TryAdd(ReflectionTypeNames.RdXmlName(type), type);
            }
        }

        return [.. types.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => pair.Value)];
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == ContainerEventSource)
        {
            EnableEvents(eventSource, EventLevel.Verbose, EventKeywords.All);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        // CallSiteBuilt carries the call site as JSON: every type the container will construct or enumerate.
        if (eventData.EventName != "CallSiteBuilt" || eventData.Payload is not [_, string callSite, ..])
        {
            return;
        }

        foreach (Match match in CallSiteType().Matches(callSite))
        {
            var name = match.Groups["name"].Value;
            if (!name.Contains('`', StringComparison.Ordinal))
            {
                continue;
            }

            _typeNames.TryAdd(name, 0);
            if (match.Groups["role"].Value == "itemType")
            {
                _typeNames.TryAdd(name + "[]", 0);
            }
        }
    }

    [GeneratedRegex("\"(?<role>implementationType|itemType)\": \"(?<name>[^\"]+)\"")]
    private static partial Regex CallSiteType();
}
