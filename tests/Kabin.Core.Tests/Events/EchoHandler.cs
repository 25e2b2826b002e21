using System.Text.Json;
using CloudNative.CloudEvents;
using Kabin.Events;

namespace Kabin.Core.Tests.Events;

/// <summary>A handler that replies with its function name and can claim by subject or publish extra events.</summary>
internal sealed class EchoHandler(string function, string type, EventClaim claim = EventClaim.ByType, int publish = 0)
    : IFunctionHandler
{
    public string FunctionName => function;

    public IReadOnlyCollection<string> EventTypes { get; } = [type];

    public int Calls { get; private set; }

    public EventClaim Claim(CloudEvent cloudEvent) =>
        cloudEvent.Type == type && (claim != EventClaim.BySubject || cloudEvent.Subject == "mine") ? claim : EventClaim.None;

    public Task<HandlerResult> HandleAsync(CloudEvent cloudEvent, CancellationToken cancellationToken)
    {
        Calls++;
        var reply = KabinCloudEvents.Create(function, $"reply.{function}", cloudEvent.Subject, function, KabinJsonContext.Default.String, DateTimeOffset.UnixEpoch);
        var published = Enumerable.Range(0, publish)
            .Select(i => KabinCloudEvents.Create(function, $"extra.{function}", null, i.ToString(System.Globalization.CultureInfo.InvariantCulture), KabinJsonContext.Default.String, DateTimeOffset.UnixEpoch))
            .ToArray();
        return Task.FromResult(HandlerResult.ReplyWith(reply, published));
    }

    public static string DataOf(CloudEvent cloudEvent) => ((JsonElement)cloudEvent.Data!).GetString()!;
}
