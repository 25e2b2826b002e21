using Kabin.Adapters.CloudEvents;
using Kabin.Adapters.CloudEvents.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Kabin.Adapters.Tests.CloudEventsHttp;

public sealed class CloudEventRequestReaderRejectionTests
{
    private static readonly CloudEventRequestReader Reader =
        new(Options.Create(new CloudEventsHttpOptions { MaxBodyBytes = 1024, MaxBatchLength = 2 }));

    public static TheoryData<string, int> Cases => new()
    {
        { "plain-json", 415 },
        { "xml-event-format", 415 },
        { "missing-id", 400 },
        { "unknown-specversion", 400 },
        { "time-not-a-timestamp", 400 },
        { "invalid-attribute-name", 400 },
        { "duplicate-header", 400 },
        { "bad-percent-encoding", 400 },
        { "percent-encoded-invalid-utf8", 400 },
        { "structured-not-json", 400 },
        { "structured-missing-type", 400 },
        { "batch-not-an-array", 400 },
        { "body-over-limit", 413 },
        { "batch-over-limit", 413 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Request_that_is_not_a_usable_cloudevent_is_rejected_with_a_fixable_message(string kind, int status)
    {
        var request = Build(kind);

        var error = await Assert.ThrowsAsync<CloudEventRequestException>(() => Reader.ReadAsync(request, CancellationToken.None));

        Assert.Equal(status, error.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Theory]
    [InlineData("application/json", "{not json")]
    [InlineData("application/json", "{} {}")]
    [InlineData("application/json", "   ")]
    [InlineData(null, "[1,")]
    [InlineData("application/vnd.kabin+json; charset=utf-8", "{\"a\":1}x")]
    public async Task Binary_body_that_is_not_one_json_value_under_a_json_content_type_is_invalid_data(string? contentType, string body)
    {
        var request = RequestFactory.Create(contentType, body, RequestFactory.BinaryHeaders());

        var error = await Assert.ThrowsAsync<InvalidEventDataException>(() => Reader.ReadAsync(request, CancellationToken.None));

        Assert.Single(error.Errors);
    }

    [Fact]
    public async Task Binary_json_nested_deeper_than_64_levels_is_invalid_data()
    {
        var request = RequestFactory.Create("application/json", new string('[', 65) + new string(']', 65), RequestFactory.BinaryHeaders());

        await Assert.ThrowsAsync<InvalidEventDataException>(() => Reader.ReadAsync(request, CancellationToken.None));
    }

    private static HttpRequest Build(string kind)
    {
        const string Event = """{"specversion":"1.0","id":"1","source":"/t","type":"x"}""";
        return kind switch
        {
            "plain-json" => RequestFactory.Create("application/json", "{}"),
            "xml-event-format" => RequestFactory.Create("application/cloudevents+xml", "<event/>"),
            "missing-id" => RequestFactory.Create(null, "", ("ce-specversion", "1.0"), ("ce-source", "/t"), ("ce-type", "x")),
            "unknown-specversion" => RequestFactory.Create(null, "", ("ce-specversion", "0.3"), ("ce-id", "1"), ("ce-source", "/t"), ("ce-type", "x")),
            "time-not-a-timestamp" => RequestFactory.Create(null, "", RequestFactory.BinaryHeaders(extra: [("ce-time", "yesterday")])),
            "invalid-attribute-name" => RequestFactory.Create(null, "", RequestFactory.BinaryHeaders(extra: [("ce-bad_name", "v")])),
            "duplicate-header" => RequestFactory.Create(null, "", RequestFactory.BinaryHeaders(extra: [("ce-id", "2")])),
            "bad-percent-encoding" => RequestFactory.Create(null, "", RequestFactory.BinaryHeaders(extra: [("ce-subject", "50%zz%")])),
            "percent-encoded-invalid-utf8" => RequestFactory.Create(null, "", RequestFactory.BinaryHeaders(extra: [("ce-subject", "%C3%28")])),
            "structured-not-json" => RequestFactory.Create("application/cloudevents+json", "{\"specversion\":"),
            "structured-missing-type" => RequestFactory.Create("application/cloudevents+json", """{"specversion":"1.0","id":"1","source":"/t"}"""),
            "batch-not-an-array" => RequestFactory.Create("application/cloudevents-batch+json", Event),
            "body-over-limit" => RequestFactory.Create("application/cloudevents+json", new string(' ', 2048)),
            "batch-over-limit" => RequestFactory.Create("application/cloudevents-batch+json", $"[{Event},{Event},{Event}]"),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }
}
