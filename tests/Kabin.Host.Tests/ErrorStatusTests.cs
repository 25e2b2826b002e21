using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Kabin.Host.Tests.Support;

namespace Kabin.Host.Tests;

public sealed class ErrorStatusTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    public static TheoryData<string, int, string> Cases => new()
    {
        { "plain-json", 415, "not-a-cloudevent" },
        { "missing-source", 400, "malformed-cloudevent" },
        { "structured-unparseable", 400, "malformed-cloudevent" },
        { "unknown-type", 400, "unhandled-event-type" },
        { "two-mebibytes", 413, "too-large" },
        { "binary-body-not-json", 422, "invalid-event-data" },
        { "handler-invalid-data", 422, "invalid-event-data" },
        { "handler-conflict", 409, "conflict" },
        { "handler-transient", 503, "transient-failure" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Failure_is_answered_with_its_status_and_a_problem_body(string kind, int status, string problem)
    {
        using var response = await fixture.Client.SendAsync(Build(kind));

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(status, body.RootElement.GetProperty("status").GetInt32());
        Assert.Equal($"https://kabin.dev/problems/{problem}", body.RootElement.GetProperty("type").GetString());
        Assert.False(string.IsNullOrWhiteSpace(body.RootElement.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task Invalid_data_lists_the_fields_to_fix()
    {
        using var response = await fixture.Client.SendAsync(Build("handler-invalid-data"));

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = Assert.Single(body.RootElement.GetProperty("errors").EnumerateArray());
        Assert.Equal("$.name", error.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Transient_failure_tells_the_sender_when_to_retry()
    {
        using var response = await fixture.Client.SendAsync(Build("handler-transient"));

        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }

    [Fact]
    public async Task Headers_beyond_the_limit_are_refused_before_the_event_is_read()
    {
        using var request = EventMessages.Post(ContentMode.Binary, EventMessages.Event(EchoHandler.Echo));
        request.Headers.Add("ce-padding", new string('p', 40 * 1024));

        using var response = await fixture.Client.SendAsync(request);

        Assert.Equal(431, (int)response.StatusCode);
    }

    private static HttpRequestMessage Build(string kind) => kind switch
    {
        "plain-json" => Raw("application/json", "{}"),
        "missing-source" => Raw("application/json", "{}", ("ce-specversion", "1.0"), ("ce-id", "1"), ("ce-type", EchoHandler.Echo)),
        "structured-unparseable" => Raw("application/cloudevents+json", "{\"specversion\":\"1.0\",\"id\":"),
        "unknown-type" => EventMessages.Post(ContentMode.Binary, EventMessages.Event("dev.example.nobody.handles")),
        "two-mebibytes" => ExpectingContinue(Raw("application/cloudevents+json", new string('x', 2 * 1024 * 1024))),
        "binary-body-not-json" => Raw("application/json", "{oops", ("ce-specversion", "1.0"), ("ce-id", "1"), ("ce-source", "/t"), ("ce-type", EchoHandler.Echo)),
        "handler-invalid-data" => EventMessages.Post(ContentMode.Binary, EventMessages.Event(EchoHandler.Invalid)),
        "handler-conflict" => EventMessages.Post(ContentMode.Structured, EventMessages.Event(EchoHandler.Conflict)),
        "handler-transient" => EventMessages.Post(ContentMode.Binary, EventMessages.Event(EchoHandler.Transient)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static HttpRequestMessage ExpectingContinue(HttpRequestMessage request)
    {
        // A large upload waits for the server's verdict (100-continue or the 413) before sending its body.
        request.Headers.ExpectContinue = true;
        return request;
    }

    private static HttpRequestMessage Raw(string contentType, string body, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        return request;
    }
}
