using System.Net;
using System.Text.Json;
using Kabin.Host.Tests.Support;

namespace Kabin.Host.Tests;

public sealed class CloudEventsModeTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    [Theory]
    [InlineData(ContentMode.Binary)]
    [InlineData(ContentMode.Structured)]
    [InlineData(ContentMode.Batch)]
    public async Task Handled_event_is_answered_with_its_reply_as_a_cloudevent(ContentMode mode)
    {
        var sent = EventMessages.Event(EchoHandler.Echo, data: """{"name":"acme","size":3}""");

        using var response = await fixture.Client.SendAsync(EventMessages.Post(mode, sent));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = Assert.Single(await EventMessages.ReadRepliesAsync(response, mode));
        Assert.Equal(EchoHandler.Echoed, reply.Type);
        Assert.Equal("/kabin/tenant", reply.Source?.ToString());
        Assert.Equal(sent.Subject, reply.Subject);
        Assert.Equal(3, ((JsonElement)reply.Data!).GetProperty("size").GetInt32());
        if (mode != ContentMode.Batch)
        {
            Assert.True(response.Headers.Contains("ce-id"), "a single reply travels in binary mode");
        }
    }

    [Fact]
    public async Task Batch_of_events_is_answered_with_a_batch_of_replies_in_order()
    {
        var first = EventMessages.Event(EchoHandler.Echo, "first");
        var silent = EventMessages.Event(EchoHandler.Silent, "none");
        var second = EventMessages.Event(EchoHandler.Echo, "second");

        using var response = await fixture.Client.SendAsync(EventMessages.Post(ContentMode.Batch, first, silent, second));

        var replies = await EventMessages.ReadRepliesAsync(response, ContentMode.Batch);
        Assert.Equal(["first", "second"], replies.Select(r => r.Subject));
    }

    [Theory]
    [InlineData(ContentMode.Binary)]
    [InlineData(ContentMode.Structured)]
    [InlineData(ContentMode.Batch)]
    public async Task Event_without_a_reply_is_an_empty_202(ContentMode mode)
    {
        using var response = await fixture.Client.SendAsync(EventMessages.Post(mode, EventMessages.Event(EchoHandler.Silent)));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Percent_encoded_headers_are_decoded_and_the_reply_encodes_them_again()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent("{}") };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("ce-specversion", "1.0");
        request.Headers.Add("ce-id", "pct-1");
        request.Headers.Add("ce-source", "/tests");
        request.Headers.Add("ce-type", EchoHandler.Echo);
        request.Headers.Add("ce-subject", "caf%C3%A9%20%22x%22%20100%25");

        using var response = await fixture.Client.SendAsync(request);

        var reply = await EventMessages.ReadReplyAsync(response);
        Assert.Equal("café \"x\" 100%", reply.Subject);
        Assert.Equal("caf%C3%A9%20%22x%22%20100%25", Assert.Single(response.Headers.GetValues("ce-subject")));
    }

    [Theory]
    [InlineData(ContentMode.Binary)]
    [InlineData(ContentMode.Structured)]
    [InlineData(ContentMode.Batch)]
    public async Task Extension_attributes_round_trip_into_the_reply(ContentMode mode)
    {
        var sent = EventMessages.Event(EchoHandler.Echo);
        sent["tenantid"] = "acme";
        sent["partitionkey"] = "zone a/1";

        using var response = await fixture.Client.SendAsync(EventMessages.Post(mode, sent));

        var reply = Assert.Single(await EventMessages.ReadRepliesAsync(response, mode));
        Assert.Equal("acme", reply["tenantid"]);
        Assert.Equal("zone a/1", reply["partitionkey"]);
    }
}
