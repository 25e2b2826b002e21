using System.Security.Claims;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace Kabin.Functions.Worker.Tests.Doubles;

/// <summary>
/// An HTTP request as the worker hands it to a function: headers (content headers among them, as the
/// host forwards them), a readable body, cookies parsed from the <c>Cookie</c> header.
/// </summary>
public sealed class TestHttpRequestData : HttpRequestData
{
    public TestHttpRequestData(FunctionContext context, string method, Uri url, HttpHeadersCollection headers, byte[] body)
        : base(context)
    {
        Method = method;
        Url = url;
        Headers = headers;
        Body = new MemoryStream(body, writable: false);
        Cookies = headers.TryGetValues("Cookie", out var values)
            ? [.. values.SelectMany(value => value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Select(pair => pair.Split('=', 2))
                .Select(parts => new HttpCookie(parts[0], parts.Length > 1 ? parts[1] : string.Empty))]
            : [];
    }

    public override Stream Body { get; }

    public override HttpHeadersCollection Headers { get; }

    public override IReadOnlyCollection<IHttpCookie> Cookies { get; }

    public override Uri Url { get; }

    public override IEnumerable<ClaimsIdentity> Identities { get; } = [];

    public override string Method { get; }

    public override HttpResponseData CreateResponse() => new TestHttpResponseData(FunctionContext);

    /// <summary>Carries an <see cref="HttpRequestMessage"/> over as the Functions host would forward it.</summary>
    public static async Task<TestHttpRequestData> FromAsync(FunctionContext context, HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var headers = new HttpHeadersCollection();
        foreach (var (name, values) in request.Headers)
        {
            headers.Add(name, values);
        }

        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync();
        if (request.Content is not null)
        {
            foreach (var (name, values) in request.Content.Headers)
            {
                headers.Add(name, values);
            }

            if (!headers.Contains("Content-Length"))
            {
                headers.Add("Content-Length", body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return new TestHttpRequestData(context, request.Method.Method, new Uri(new Uri("http://localhost:7071"), request.RequestUri!), headers, body);
    }
}
