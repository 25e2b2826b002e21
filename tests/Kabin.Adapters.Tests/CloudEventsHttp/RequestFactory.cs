using System.Text;
using Microsoft.AspNetCore.Http;

namespace Kabin.Adapters.Tests.CloudEventsHttp;

/// <summary>Builds ASP.NET Core requests as Kestrel would hand them to the adapter.</summary>
internal static class RequestFactory
{
    public static HttpRequest Create(string? contentType, string body, params (string Name, string Value)[] headers) =>
        Create(contentType, Encoding.UTF8.GetBytes(body), headers);

    public static HttpRequest Create(string? contentType, byte[] body, params (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext();
        var request = context.Request;
        request.Method = HttpMethods.Post;
        request.ContentType = contentType;
        request.ContentLength = body.Length;
        request.Body = new MemoryStream(body);
        foreach (var (name, value) in headers)
        {
            request.Headers.Append(name, value);
        }

        return request;
    }

    public static (string, string)[] BinaryHeaders(string type = "dev.kabin.test.echo", params (string, string)[] extra) =>
        [("ce-specversion", "1.0"), ("ce-id", "evt-1"), ("ce-source", "/tests"), ("ce-type", type), .. extra];
}
