using CloudNative.CloudEvents;
using Kabin.Core.Tests.Support;
using Kabin.Events;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kabin.Core.Tests.Events;

public sealed class EventDispatcherTests
{
    private static CloudEvent Event(string type, string? subject = null) => new()
    {
        Id = "1",
        Source = new Uri("/test", UriKind.Relative),
        Type = type,
        Subject = subject,
    };

    [Fact]
    public async Task Event_goes_to_the_handler_that_registered_its_type()
    {
        var tenant = new EchoHandler("tenant", "t.created");
        var policy = new EchoHandler("policy", "p.check");
        var sink = new RecordingEventSink();
        var dispatcher = new EventDispatcher([tenant, policy], sink, NullLogger<EventDispatcher>.Instance);

        var outcome = await dispatcher.DispatchAsync(Event("p.check"), CancellationToken.None);

        Assert.Equal("reply.policy", outcome.Reply?.Type);
        Assert.Equal(["policy"], outcome.Functions);
        Assert.Equal(0, tenant.Calls);
        Assert.Empty(sink.Events);
    }

    [Fact]
    public async Task Most_specific_claim_replies_and_the_other_reply_goes_to_the_sink()
    {
        var audit = new EchoHandler("policy", "pod.update");
        var lifecycle = new EchoHandler("sandbox", "pod.update", EventClaim.BySubject);
        var sink = new RecordingEventSink();
        var dispatcher = new EventDispatcher([audit, lifecycle], sink, NullLogger<EventDispatcher>.Instance);

        var outcome = await dispatcher.DispatchAsync(Event("pod.update", "mine"), CancellationToken.None);

        Assert.Equal("reply.sandbox", outcome.Reply?.Type);
        Assert.Equal(["sandbox", "policy"], outcome.Functions);
        Assert.Equal(["reply.policy"], sink.Events.Select(e => e.Type));
    }

    [Fact]
    public async Task Subject_claim_that_does_not_match_leaves_the_type_claim_alone()
    {
        var audit = new EchoHandler("policy", "pod.update");
        var lifecycle = new EchoHandler("sandbox", "pod.update", EventClaim.BySubject);
        var dispatcher = new EventDispatcher([audit, lifecycle], new RecordingEventSink(), NullLogger<EventDispatcher>.Instance);

        var outcome = await dispatcher.DispatchAsync(Event("pod.update", "someone-else"), CancellationToken.None);

        Assert.Equal("reply.policy", outcome.Reply?.Type);
        Assert.Equal(0, lifecycle.Calls);
    }

    [Fact]
    public async Task Published_events_go_to_the_sink_in_order()
    {
        var sink = new RecordingEventSink();
        var dispatcher = new EventDispatcher([new EchoHandler("sandbox", "tick", publish: 3)], sink, NullLogger<EventDispatcher>.Instance);

        await dispatcher.DispatchAsync(Event("tick"), CancellationToken.None);

        Assert.Equal(["0", "1", "2"], sink.Events.Select(EchoHandler.DataOf));
    }

    [Fact]
    public async Task Unknown_type_is_an_unhandled_event_type()
    {
        var dispatcher = new EventDispatcher([new EchoHandler("tenant", "t.created")], new RecordingEventSink(), NullLogger<EventDispatcher>.Instance);

        var error = await Assert.ThrowsAsync<UnhandledEventTypeException>(
            () => dispatcher.DispatchAsync(Event("nobody.handles.this"), CancellationToken.None));

        Assert.Equal("nobody.handles.this", error.EventType);
    }

    [Fact]
    public async Task Known_type_that_nobody_claims_is_acknowledged_without_reply()
    {
        var dispatcher = new EventDispatcher(
            [new EchoHandler("sandbox", "pod.update", EventClaim.BySubject)], new RecordingEventSink(), NullLogger<EventDispatcher>.Instance);

        var outcome = await dispatcher.DispatchAsync(Event("pod.update", "not-a-sandbox"), CancellationToken.None);

        Assert.Null(outcome.Reply);
        Assert.Empty(outcome.Functions);
    }

    [Fact]
    public void Handled_types_are_the_union_of_registered_types()
    {
        var dispatcher = new EventDispatcher(
            [new EchoHandler("tenant", "a"), new EchoHandler("policy", "b")], new RecordingEventSink(), NullLogger<EventDispatcher>.Instance);

        Assert.Equal(["a", "b"], dispatcher.HandledTypes.Order());
    }
}
