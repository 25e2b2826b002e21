using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace Kabin.TestDoubles.Kubernetes;

/// <summary>
/// One request the double received, for assertions on request shapes (Authorization and the TLS
/// client certificate's subject show which credentials came).
/// </summary>
public sealed record RecordedRequest(
    string Method, string Path, string Query, string? ContentType, string Body, string? Authorization = null, string? ClientCertificate = null)
{
    /// <summary>A query parameter's value (unescaped), or null when absent.</summary>
    public string? QueryValue(string name)
    {
        var values = QueryHelpers.ParseQuery(Query);
        return values.TryGetValue(name, out var found) && !StringValues.IsNullOrEmpty(found) ? found.ToString() : null;
    }
}
