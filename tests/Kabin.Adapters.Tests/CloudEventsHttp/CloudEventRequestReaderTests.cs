using System.Text;
using System.Text.Json;
using Kabin.Adapters.CloudEvents;
using Kabin.Adapters.CloudEvents.Http;
using Kabin.Events;
using Kabin.Tracing;
using Microsoft.Extensions.Options;

namespace Kabin.Adapters.Tests.CloudEventsHttp;

public sealed class CloudEventRequestReaderTests
{
    private static readonly CloudEventRequestReader Reader = new(Options.Create(new CloudEventsHttpOptions()));

    [Fact]
    public async Task Binary_mode_request_becomes_an_event_with_its_attributes_and_json_data()
    {
        var request = RequestFactory.Create("application/json", """{"name":"acme"}""",
            RequestFactory.BinaryHeaders(extra: [("ce-subject", "tenants/acme"), ("ce-time", "2026-01-02T03:04:05Z")]));

        var incoming = await Reader.ReadAsync(request, CancellationToken.None);

        var cloudEvent = Assert.Single(incoming.Events);
        Assert.False(incoming.IsBatch);
        Assert.Equal("evt-1", cloudEvent.Id);
        Assert.Equal("/tests", cloudEvent.Source?.ToString());
        Assert.Equal("dev.kabin.test.echo", cloudEvent.Type);
        Assert.Equal("tenants/acme", cloudEvent.Subject);
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), cloudEvent.Time);
        Assert.Equal("application/json", cloudEvent.DataContentType);
        Assert.Equal("acme", EventData.Read(cloudEvent, KabinJsonContext.Default.JsonElement).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Binary_json_data_is_kept_as_the_bodys_own_bytes_whatever_its_size()
    {
        // Above RequestBody.MaxPooledBytes the body's array is handed over; below it the pooled buffer is copied.
        foreach (var length in new[] { 100, RequestBody.MaxPooledBytes * 4 })
        {
            var json = $$"""{"pad":"{{new string('p', length)}}"}""";
            var request = RequestFactory.Create("application/json", json, RequestFactory.BinaryHeaders());

            var cloudEvent = Assert.Single((await Reader.ReadAsync(request, CancellationToken.None)).Events);

            var data = Assert.IsType<ReadOnlyMemory<byte>>(cloudEvent.Data);
            Assert.Equal(json, Encoding.UTF8.GetString(data.Span));
        }
    }

    [Theory]
    [InlineData("text/plain", typeof(string))]
    [InlineData("application/octet-stream", typeof(byte[]))]
    [InlineData("application/json; charset=utf-16", typeof(JsonElement))]
    public async Task Binary_data_of_other_types_is_decoded_by_the_sdk_formatter(string contentType, Type expected)
    {
        var body = contentType.Contains("utf-16", StringComparison.Ordinal) ? Encoding.Unicode.GetBytes("\"hi\"") : Encoding.UTF8.GetBytes("\"hi\"");
        var request = RequestFactory.Create(contentType, body, RequestFactory.BinaryHeaders());

        var cloudEvent = Assert.Single((await Reader.ReadAsync(request, CancellationToken.None)).Events);

        Assert.IsType(expected, cloudEvent.Data);
    }

    [Theory]
    [InlineData("caf%C3%A9", "café")]
    [InlineData("a%20b%25c", "a b%c")]
    [InlineData("%22quoted%22", "\"quoted\"")]
    [InlineData("plain", "plain")]
    public async Task Percent_encoded_header_values_are_decoded(string header, string expected)
    {
        var request = RequestFactory.Create(null, "", RequestFactory.BinaryHeaders(extra: [("ce-subject", header)]));

        var incoming = await Reader.ReadAsync(request, CancellationToken.None);

        Assert.Equal(expected, Assert.Single(incoming.Events).Subject);
    }

    [Fact]
    public async Task Extension_attributes_and_traceparent_are_read_from_headers()
    {
        const string traceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        var request = RequestFactory.Create(null, "",
            RequestFactory.BinaryHeaders(extra: [("ce-traceparent", traceParent), ("ce-tenantid", "acme"), ("CE-Partitionkey", "p1")]));

        var cloudEvent = Assert.Single((await Reader.ReadAsync(request, CancellationToken.None)).Events);

        Assert.Equal(traceParent, cloudEvent.GetTraceParent());
        Assert.Equal("acme", cloudEvent["tenantid"]);
        Assert.Equal("p1", cloudEvent["partitionkey"]);
    }

    [Fact]
    public async Task Structured_mode_request_becomes_an_event()
    {
        var request = RequestFactory.Create("application/cloudevents+json; charset=utf-8",
            """{"specversion":"1.0","id":"s-1","source":"/tests","type":"dev.kabin.test.echo","tenantid":"acme","data":{"n":1}}""");

        var cloudEvent = Assert.Single((await Reader.ReadAsync(request, CancellationToken.None)).Events);

        Assert.Equal("s-1", cloudEvent.Id);
        Assert.Equal("acme", cloudEvent["tenantid"]);
        Assert.Equal(1, ((JsonElement)cloudEvent.Data!).GetProperty("n").GetInt32());
    }

    [Fact]
    public async Task Batch_request_becomes_every_event_and_is_marked_as_a_batch()
    {
        var request = RequestFactory.Create("application/cloudevents-batch+json",
            """[{"specversion":"1.0","id":"b-1","source":"/t","type":"x"},{"specversion":"1.0","id":"b-2","source":"/t","type":"y"}]""");

        var incoming = await Reader.ReadAsync(request, CancellationToken.None);

        Assert.True(incoming.IsBatch);
        Assert.Equal(["b-1", "b-2"], incoming.Events.Select(e => e.Id));
    }
}
