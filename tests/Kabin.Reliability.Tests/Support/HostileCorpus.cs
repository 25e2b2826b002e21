using System.Net.Http.Headers;
using System.Text;

namespace Kabin.Reliability.Tests.Support;

/// <summary>
/// A seeded generator of hostile requests across every endpoint: broken CloudEvents in each content
/// mode, hostile event data for each function, malformed or adversarial AdmissionReviews, and
/// hostile calls of the plain HTTP JSON API.
/// Tenants <c>acme</c> and <c>beta</c> are assumed provisioned. <see cref="Secret"/> is planted in
/// data and in an Authorization header so that tests can prove it never reaches the logs.
/// </summary>
public static partial class HostileCorpus
{
    public const string Secret = "s3cr3t-ce-data-7f1c";
    public const string BearerToken = "eyJhbGciOiJIUzI1NiJ9.reliability-token-5d2e";
    public const int MaxBodyBytes = 1024 * 1024;

    private static readonly Func<Random, HostileRequest>[] CloudEventKinds =
    [
        MissingAttribute, WrongTypeAttribute, BadPercentEncoding, InvalidUtf8, DataNotJson, DeepNesting, UnknownType,
        TenantSpecHostile, SandboxRequestHostile, SandboxStopHostile, PolicyCheckHostile, PodEventHostile, BatchWithOneBadEvent,
    ];

    private static readonly Func<Random, HostileRequest>[] AdmissionKinds = [MalformedReview, AdversarialReview, CrossTenantReview];

    /// <summary>
    /// <paramref name="count"/> requests; every 500th is over the body limit, every 250th has huge
    /// headers, every 400th is a batch of thousands, the rest alternate between POST / and admission.
    /// </summary>
    public static IEnumerable<HostileRequest> Generate(int count, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            yield return i switch
            {
                _ when i % 500 == 1 => OverLimit(random),
                _ when i % 250 == 2 => HugeHeaders(random),
                _ when i % 400 == 3 => HugeBatch(random),
                _ when i % 3 == 0 => AdmissionKinds[random.Next(AdmissionKinds.Length)](random),
                _ when i % 5 == 1 => ApiHostile(random),
                _ => CloudEventKinds[random.Next(CloudEventKinds.Length)](random),
            };
        }
    }

    private static HostileRequest OverLimit(Random random)
    {
        var path = new[] { "/", "/admission/validate", "/admission/mutate" }[random.Next(3)];
        var body = new byte[MaxBodyBytes + 1 + random.Next(64 * 1024)];
        body.AsSpan().Fill((byte)' ');
        var content = random.Next(2) == 0
            ? (HttpContent)new ByteArrayContent(body)
            : new StreamContent(new MemoryStream(body)); // No Content-Length: chunked, so only reading finds the size.
        if (content is StreamContent)
        {
            content.Headers.ContentLength = null;
        }

        content.Headers.ContentType = new MediaTypeHeaderValue(path == "/" ? "application/cloudevents+json" : "application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.ExpectContinue = true;
        return new HostileRequest(nameof(OverLimit) + (content is StreamContent ? "Chunked" : string.Empty), Expect.Problem, request);
    }

    private static HostileRequest HugeHeaders(Random random)
    {
        var request = Binary("dev.kabin.policy.check.requested", "{}", random);
        request.Headers.TryAddWithoutValidation("ce-padding", new string('x', 40 * 1024 + random.Next(1024)));
        return new HostileRequest(nameof(HugeHeaders), Expect.Problem, request);
    }

    private static HostileRequest UnknownType(Random random) =>
        new(nameof(UnknownType), Expect.Problem, Binary($"dev.kabin.{Noise(random, 6)}.requested", "{}", random));

    internal static HttpRequestMessage Binary(string type, string data, Random random, Action<HttpRequestMessage>? spoil = null) =>
        BinaryBytes(type, Encoding.UTF8.GetBytes(data), random, spoil);

    internal static HttpRequestMessage BinaryBytes(string type, byte[] data, Random random, Action<HttpRequestMessage>? spoil = null)
    {
        var request = Raw("/", "application/json", data);
        request.Headers.TryAddWithoutValidation("ce-specversion", "1.0");
        request.Headers.TryAddWithoutValidation("ce-id", random.Next().ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("ce-source", "/hostile");
        request.Headers.TryAddWithoutValidation("ce-type", type);
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + BearerToken);
        spoil?.Invoke(request);
        return request;
    }

    internal static HttpRequestMessage Raw(string path, string contentType, byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + BearerToken);
        return request;
    }

    internal static string Noise(Random random, int length)
    {
        const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = Alphabet[random.Next(Alphabet.Length)];
        }

        return new string(chars);
    }

    internal static T Pick<T>(Random random, params T[] values) => values[random.Next(values.Length)];

    internal static string Nested(int depth, string inner)
    {
        var builder = new StringBuilder((depth * 6) + inner.Length);
        for (var i = 0; i < depth; i++)
        {
            builder.Append("{\"a\":");
        }

        builder.Append(inner);
        builder.Append('}', depth);
        return builder.ToString();
    }
}
