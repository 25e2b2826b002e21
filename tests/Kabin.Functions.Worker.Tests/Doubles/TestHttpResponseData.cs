using System.Net;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace Kabin.Functions.Worker.Tests.Doubles;

/// <summary>An HTTP response as the worker collects it: status (200 until set), headers, a writable body, cookies.</summary>
public sealed class TestHttpResponseData(FunctionContext context) : HttpResponseData(context)
{
    public override HttpStatusCode StatusCode { get; set; } = HttpStatusCode.OK;

    public override HttpHeadersCollection Headers { get; set; } = [];

    public override Stream Body { get; set; } = new MemoryStream();

    public override HttpCookies Cookies => new TestHttpCookies(Headers);

    /// <summary>The response as the Functions host sends it on: an <see cref="HttpResponseMessage"/>.</summary>
    public HttpResponseMessage ToResponseMessage()
    {
        var body = Body is MemoryStream memory ? memory.ToArray() : throw new InvalidOperationException("The body was replaced by a stream the host cannot read back.");
        var message = new HttpResponseMessage(StatusCode) { Content = new ByteArrayContent(body) };
        foreach (var (name, values) in Headers)
        {
            if (!message.Headers.TryAddWithoutValidation(name, values))
            {
                message.Content.Headers.Remove(name);
                message.Content.Headers.TryAddWithoutValidation(name, values);
            }
        }

        return message;
    }
}
