using System.Net.Http.Headers;
using System.Text;

namespace Kabin.Host.Tests.Support;

/// <summary>
/// Generates malformed requests of assorted kinds from a seed: each is something a sender can get
/// wrong (no CloudEvent at all, missing or mistyped attributes, broken JSON, unknown types, too big).
/// </summary>
public static class MalformedRequests
{
    private static readonly string[] Required = ["ce-id", "ce-source", "ce-type"];

    private static readonly Func<Random, HttpRequestMessage>[] Kinds =
    [
        NotACloudEvent,
        MissingRequiredHeader,
        UnsupportedSpecVersion,
        MistypedAttribute,
        InvalidAttributeName,
        TruncatedStructured,
        StructuredMissingAttribute,
        BatchThatIsNotAnArray,
        BatchWithAnInvalidEvent,
        UnknownType,
        BinaryBodyNotJson,
        UnsupportedEventFormat,
        BadPercentEncoding,
    ];

    public static IEnumerable<(string Kind, HttpRequestMessage Request)> Generate(int count, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            // Now and then a body over the 1 MiB limit; otherwise a random kind.
            var kind = i % 97 == 0 ? TooLarge : Kinds[random.Next(Kinds.Length)];
            yield return (kind.Method.Name, kind(random));
        }
    }

    private static HttpRequestMessage NotACloudEvent(Random random) =>
        Raw(random.Next(3) switch { 0 => "application/json", 1 => "text/plain", _ => "application/octet-stream" }, Noise(random));

    private static HttpRequestMessage MissingRequiredHeader(Random random)
    {
        var skip = Required[random.Next(Required.Length)];
        return Binary(random, headers => headers.Remove(skip));
    }

    private static HttpRequestMessage UnsupportedSpecVersion(Random random) =>
        Binary(random, headers => headers["ce-specversion"] = random.Next(2) == 0 ? "0.3" : $"{random.Next(2, 9)}.{random.Next(10)}");

    private static HttpRequestMessage MistypedAttribute(Random random) => Binary(random, headers =>
        headers[random.Next(2) == 0 ? "ce-time" : "ce-dataschema"] = random.Next(2) == 0 ? "not a " + Noise(random)[..4] : "::");

    private static HttpRequestMessage InvalidAttributeName(Random random) =>
        Binary(random, headers => headers[$"ce-bad_{random.Next(1000)}"] = "x");

    private static HttpRequestMessage TruncatedStructured(Random random)
    {
        var full = Structured(random);
        return Raw("application/cloudevents+json", full[..random.Next(1, full.Length - 1)]);
    }

    private static HttpRequestMessage StructuredMissingAttribute(Random random)
    {
        var drop = new[] { "\"id\":", "\"source\":", "\"type\":" }[random.Next(3)];
        var json = Structured(random).Replace(drop, "\"x" + random.Next(100) + "\":", StringComparison.Ordinal);
        return Raw("application/cloudevents+json", json);
    }

    private static HttpRequestMessage BatchThatIsNotAnArray(Random random) => Raw("application/cloudevents-batch+json", Structured(random));

    private static HttpRequestMessage BatchWithAnInvalidEvent(Random random) =>
        Raw("application/cloudevents-batch+json", $"[{Structured(random)},{{\"specversion\":\"1.0\",\"id\":\"{random.Next()}\"}}]");

    private static HttpRequestMessage UnknownType(Random random) =>
        Binary(random, headers => headers["ce-type"] = $"dev.example.unknown.{random.Next(10_000)}");

    private static HttpRequestMessage BinaryBodyNotJson(Random random) =>
        Binary(random, _ => { }, body: "{" + Noise(random));

    private static HttpRequestMessage UnsupportedEventFormat(Random random) =>
        Raw(random.Next(2) == 0 ? "application/cloudevents+xml" : "application/cloudevents+avro", Noise(random));

    private static HttpRequestMessage BadPercentEncoding(Random random) =>
        Binary(random, headers => headers["ce-subject"] = random.Next(2) == 0 ? $"{random.Next(100)}%zz" : "%C3%28");

    private static HttpRequestMessage TooLarge(Random random)
    {
        var request = Raw("application/cloudevents+json", new string('a', (1024 * 1024) + 1 + random.Next(1024)));
        // As a well-behaved sender of a large body: wait for the server's verdict before uploading it.
        request.Headers.ExpectContinue = true;
        return request;
    }

    private static string Structured(Random random) =>
        "{\"specversion\":\"1.0\",\"id\":\"" + random.Next() + "\",\"source\":\"/flood\",\"type\":\""
        + EchoHandler.Echo + "\",\"data\":{\"n\":" + random.Next() + "}}";

    private static string Noise(Random random)
    {
        var bytes = new byte[random.Next(8, 64)];
        random.NextBytes(bytes);
        return Convert.ToBase64String(bytes);
    }

    private static HttpRequestMessage Binary(Random random, Action<Dictionary<string, string>> spoil, string body = "{}")
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ce-specversion"] = "1.0",
            ["ce-id"] = random.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ce-source"] = "/flood",
            ["ce-type"] = EchoHandler.Echo,
        };
        spoil(headers);
        var request = Raw("application/json", body);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    private static HttpRequestMessage Raw(string contentType, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return request;
    }
}
