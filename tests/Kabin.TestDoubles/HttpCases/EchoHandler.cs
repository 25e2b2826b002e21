using System.Text.Json;
using CloudNative.CloudEvents;
using Kabin.Events;
using Kabin.Tracing;

namespace Kabin.TestDoubles.HttpCases;

/// <summary>
/// A test function: echoes data, subject and extensions back, publishes beyond the reply, or fails
/// the way a real handler can, chosen by the event type.
/// </summary>
public sealed class EchoHandler : IFunctionHandler
{
    public const string Echo = "dev.kabin.test.echo";
    public const string Echoed = "dev.kabin.test.echoed";
    public const string Silent = "dev.kabin.test.silent";
    public const string Publish = "dev.kabin.test.publish";
    public const string Published = "dev.kabin.test.published";
    public const string Invalid = "dev.kabin.test.invalid";
    public const string Transient = "dev.kabin.test.transient";
    public const string Conflict = "dev.kabin.test.conflict";

    public string FunctionName => KabinFunctions.Tenant;

    public IReadOnlyCollection<string> EventTypes { get; } = [Echo, Silent, Publish, Invalid, Transient, Conflict];

    public Task<HandlerResult> HandleAsync(CloudEvent cloudEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        return cloudEvent.Type switch
        {
            Silent => Task.FromResult(HandlerResult.Nothing),
            Publish => Task.FromResult(HandlerResult.ReplyWith(EchoOf(cloudEvent), [Create(Published, cloudEvent)])),
            Invalid => throw new InvalidEventDataException("The name is missing.", [new FieldError("$.name", "Give the tenant a name.")]),
            Transient => throw new TransientFailureException("The state store is unreachable."),
            Conflict => throw new ConflictException("The record changed while it was being saved."),
            _ => Task.FromResult(HandlerResult.ReplyWith(EchoOf(cloudEvent))),
        };
    }

    private static CloudEvent EchoOf(CloudEvent cloudEvent)
    {
        var reply = Create(Echoed, cloudEvent);
        foreach (var (attribute, value) in cloudEvent.GetPopulatedAttributes())
        {
            if (attribute.IsExtension && attribute != TraceContextExtensions.TraceParentAttribute
                && attribute != TraceContextExtensions.TraceStateAttribute)
            {
                reply[attribute] = value;
            }
        }

        return reply;
    }

    private static CloudEvent Create(string type, CloudEvent cause) =>
        KabinCloudEvents.Create(KabinFunctions.Tenant, type, cause.Subject, Data(cause), KabinJsonContext.Default.JsonElement,
            cause.Time ?? DateTimeOffset.UnixEpoch, cause);

    private static JsonElement Data(CloudEvent cloudEvent) =>
        cloudEvent.Data is null ? JsonDocument.Parse("{}").RootElement : EventData.Read(cloudEvent, KabinJsonContext.Default.JsonElement);
}
