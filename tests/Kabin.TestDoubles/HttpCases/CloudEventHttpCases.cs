using System.Net.Http.Headers;
using System.Text;

namespace Kabin.TestDoubles.HttpCases;

/// <summary>
/// The one table of CloudEvents-over-HTTP cases: the Knative host runs it over loopback sockets,
/// the Functions worker through its HTTP data doubles. The requests go to a function serving
/// <see cref="EchoHandler"/> (which belongs to the tenant function).
/// </summary>
public static class CloudEventHttpCases
{
    private static readonly (string, string)[] BinaryEcho =
        [("ce-specversion", "1.0"), ("ce-id", "1"), ("ce-source", "/t"), ("ce-type", EchoHandler.Echo)];

    public static IReadOnlyList<HttpCase> All { get; } =
    [
        new("echo-binary", () => Post(ContentMode.Binary, EchoHandler.Echo), 200, EchoHandler.Echoed, ContentMode.Binary),
        new("echo-structured", () => Post(ContentMode.Structured, EchoHandler.Echo), 200, EchoHandler.Echoed, ContentMode.Binary),
        new("echo-batch", () => Post(ContentMode.Batch, EchoHandler.Echo), 200, EchoHandler.Echoed, ContentMode.Batch),
        new("silent-binary", () => Post(ContentMode.Binary, EchoHandler.Silent), 202),
        new("silent-structured", () => Post(ContentMode.Structured, EchoHandler.Silent), 202),
        new("silent-batch", () => Post(ContentMode.Batch, EchoHandler.Silent), 202),
        new("plain-json", () => Raw("application/json", "{}"), 415, Problem: "not-a-cloudevent"),
        new("unsupported-format", () => Raw("application/cloudevents+xml", "<event/>"), 415, Problem: "not-a-cloudevent"),
        new("missing-source", () => Raw("application/json", "{}", ("ce-specversion", "1.0"), ("ce-id", "1"), ("ce-type", EchoHandler.Echo)),
            400, Problem: "malformed-cloudevent"),
        new("unsupported-specversion", () => Raw("application/json", "{}", ("ce-specversion", "0.9"), ("ce-id", "1"), ("ce-source", "/t"), ("ce-type", EchoHandler.Echo)),
            400, Problem: "malformed-cloudevent"),
        new("bad-percent-encoding", () => Raw("application/json", "{}", [.. BinaryEcho, ("ce-subject", "%C3%28")]), 400, Problem: "malformed-cloudevent"),
        new("structured-unparseable", () => Raw("application/cloudevents+json", "{\"specversion\":\"1.0\",\"id\":"), 400, Problem: "malformed-cloudevent"),
        new("batch-with-an-invalid-event", () => Raw("application/cloudevents-batch+json", "[{\"specversion\":\"1.0\",\"id\":\"x\"}]"),
            400, Problem: "malformed-cloudevent"),
        new("unknown-type", () => Post(ContentMode.Binary, "dev.example.nobody.handles"), 400, Problem: "unhandled-event-type"),
        new("two-mebibytes", () => ExpectingContinue(Raw("application/cloudevents+json", new string('x', 2 * 1024 * 1024))), 413, Problem: "too-large"),
        new("binary-body-not-json", () => Raw("application/json", "{oops", BinaryEcho), 422, Problem: "invalid-event-data"),
        new("handler-invalid-data", () => Post(ContentMode.Binary, EchoHandler.Invalid), 422, Problem: "invalid-event-data"),
        new("handler-invalid-data-in-a-batch", () => Post(ContentMode.Batch, EchoHandler.Invalid), 422, Problem: "invalid-event-data"),
        new("handler-conflict", () => Post(ContentMode.Structured, EchoHandler.Conflict), 409, Problem: "conflict"),
        new("handler-transient", () => Post(ContentMode.Binary, EchoHandler.Transient), 503, Problem: "transient-failure"),
    ];

    public static IEnumerable<string> Names => All.Select(c => c.Name);

    public static HttpCase Get(string name) => All.Single(c => c.Name == name);

    private static HttpRequestMessage Post(ContentMode mode, string type) => EventMessages.Post(mode, EventMessages.Event(type));

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
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }
}
