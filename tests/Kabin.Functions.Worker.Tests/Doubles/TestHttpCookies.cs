using System.Globalization;
using Microsoft.Azure.Functions.Worker.Http;

namespace Kabin.Functions.Worker.Tests.Doubles;

/// <summary>Response cookies as <c>Set-Cookie</c> headers (name, value, path, domain, max-age, flags).</summary>
public sealed class TestHttpCookies(HttpHeadersCollection headers) : HttpCookies
{
    public override void Append(string name, string value) => Append(new HttpCookie(name, value));

    public override void Append(IHttpCookie cookie)
    {
        ArgumentNullException.ThrowIfNull(cookie);
        var parts = new List<string> { $"{cookie.Name}={cookie.Value}" };
        if (cookie.Path is { } path)
        {
            parts.Add($"Path={path}");
        }

        if (cookie.Domain is { } domain)
        {
            parts.Add($"Domain={domain}");
        }

        if (cookie.MaxAge is { } maxAge)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"Max-Age={maxAge}"));
        }

        if (cookie.Secure == true)
        {
            parts.Add("Secure");
        }

        if (cookie.HttpOnly == true)
        {
            parts.Add("HttpOnly");
        }

        headers.Add("Set-Cookie", string.Join("; ", parts));
    }

    public override IHttpCookie CreateNew() => new HttpCookie(string.Empty, string.Empty);
}
