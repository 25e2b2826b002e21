using System.Text.Json;
using CloudNative.CloudEvents;
using Kabin.Adapters.CloudEvents;
using Kabin.Adapters.CloudEvents.Http;
using Kabin.Events;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Kabin.Adapters.Tests.CloudEventsHttp;

public sealed class CloudEventResponseWriterTests
{
    private readonly CloudEventResponseWriter _writer = new();
    private readonly CloudEventRequestReader _reader = new(Options.Create(new CloudEventsHttpOptions()));

    [Fact]
    public async Task Reply_written_in_binary_mode_reads_back_as_the_same_event()
    {
        var reply = Reply("café \"quoted\" 100%");
        reply["tenantid"] = "acme";
        var response = NewResponse();

        await _writer.WriteAsync(response, [reply], asBatch: false, CancellationToken.None);

        Assert.Equal(StatusCodes.Status200OK, response.StatusCode);
        Assert.Equal("caf%C3%A9%20%22quoted%22%20100%25", response.Headers["ce-subject"].ToString());
        var headers = response.Headers.Where(h => h.Key.StartsWith("ce-", StringComparison.Ordinal)).Select(h => (h.Key, h.Value.ToString())).ToArray();
        var request = RequestFactory.Create(response.ContentType, Body(response), headers);
        var roundTripped = Assert.Single((await _reader.ReadAsync(request, CancellationToken.None)).Events);
        Assert.Equal(reply.Id, roundTripped.Id);
        Assert.Equal(reply.Subject, roundTripped.Subject);
        Assert.Equal(reply.Time, roundTripped.Time);
        Assert.Equal("acme", roundTripped["tenantid"]);
        Assert.Equal(7, EventData.Read(roundTripped, KabinJsonContext.Default.JsonElement).GetProperty("n").GetInt32());
    }

    [Fact]
    public async Task Replies_to_a_batch_are_written_as_a_batch()
    {
        var response = NewResponse();

        await _writer.WriteAsync(response, [Reply("a"), Reply("b")], asBatch: true, CancellationToken.None);

        Assert.StartsWith("application/cloudevents-batch+json", response.ContentType, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(Body(response));
        Assert.Equal(["a", "b"], document.RootElement.EnumerateArray().Select(e => e.GetProperty("subject").GetString()));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task No_reply_is_an_empty_202(bool asBatch)
    {
        var response = NewResponse();

        await _writer.WriteAsync(response, [], asBatch, CancellationToken.None);

        Assert.Equal(StatusCodes.Status202Accepted, response.StatusCode);
        Assert.Empty(Body(response));
    }

    [Fact]
    public async Task Reply_that_is_not_a_valid_cloudevent_is_never_written_as_success()
    {
        var response = NewResponse();
        var invalid = new CloudEvent { Id = "x", Type = "t" };

        await Assert.ThrowsAsync<InvalidOperationException>(() => _writer.WriteAsync(response, [invalid], false, CancellationToken.None));
        Assert.Empty(Body(response));
    }

    private static CloudEvent Reply(string subject) =>
        KabinCloudEvents.Create("tenant", "dev.kabin.test.echoed", subject,
            JsonDocument.Parse("""{"n":7}""").RootElement, KabinJsonContext.Default.JsonElement, DateTimeOffset.UnixEpoch);

    private static HttpResponse NewResponse()
    {
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();
        return context.Response;
    }

    private static byte[] Body(HttpResponse response) => ((MemoryStream)response.Body).ToArray();
}
