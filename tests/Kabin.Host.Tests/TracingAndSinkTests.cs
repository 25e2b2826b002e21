using System.Diagnostics;
using CloudNative.CloudEvents.Http;
using Kabin.Host.Tests.Support;
using Kabin.Tracing;

namespace Kabin.Host.Tests;

public sealed class TracingAndSinkTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private const string TraceId = "0af7651916cd43dd8448eb211c80319c";
    private const string ParentSpan = "b7ad6b7169203331";

    [Theory]
    [InlineData(ContentMode.Binary)]
    [InlineData(ContentMode.Structured)]
    public async Task Traceparent_of_the_event_is_continued_into_the_reply(ContentMode mode)
    {
        var sent = EventMessages.Event(EchoHandler.Echo).SetTraceParent($"00-{TraceId}-{ParentSpan}-01");

        using var response = await fixture.Client.SendAsync(EventMessages.Post(mode, sent));

        var reply = await EventMessages.ReadReplyAsync(response);
        var context = ActivityContext.Parse(reply.GetTraceParent()!, null);
        Assert.Equal(TraceId, context.TraceId.ToHexString());
        Assert.NotEqual(ParentSpan, context.SpanId.ToHexString());
    }

    [Fact]
    public async Task Events_published_beyond_the_reply_reach_K_SINK_with_the_trace()
    {
        var sent = EventMessages.Event(EchoHandler.Publish, "tenants/sinked").SetTraceParent($"00-{TraceId}-{ParentSpan}-01");

        using var response = await fixture.Client.SendAsync(EventMessages.Post(ContentMode.Binary, sent));

        var reply = await EventMessages.ReadReplyAsync(response);
        Assert.Equal(EchoHandler.Echoed, reply.Type);
        var received = await fixture.Sink.WaitForAsync(1, TimeSpan.FromSeconds(10));
        var published = Assert.Single(received, r => HttpUtilities.DecodeHeaderValue(r.Header("ce-subject") ?? "") == "tenants/sinked");
        Assert.Equal(EchoHandler.Published, published.Header("ce-type"));
        Assert.Contains(TraceId, published.Header("ce-traceparent"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sink_that_stays_down_fails_the_incoming_event_with_503_so_it_is_redelivered()
    {
        fixture.Sink.FailNext(3, 503);

        using var response = await fixture.Client.SendAsync(
            EventMessages.Post(ContentMode.Binary, EventMessages.Event(EchoHandler.Publish, "tenants/down")));

        Assert.Equal(503, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
