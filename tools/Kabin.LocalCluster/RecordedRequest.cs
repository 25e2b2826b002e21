using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace Kabin.LocalCluster;

/// <summary>
/// One request the server received, for assertions on request shapes (Authorization and the TLS
/// client certificate's subject show which credentials came).
/// </summary>
public sealed record RecordedRequest(
    string Method, string Path, string Query, string? ContentType, string Body, string? Authorization = null, string? ClientCertificate = null, string? Accept = null)
{
    public string? UserAgent { get; init; }

    /// <summary>The user named by an <c>Impersonate-User</c> header, as kubectl <c>--as</c> sends it.</summary>
    public string? ImpersonateUser { get; init; }

    public IReadOnlyList<string> ImpersonateGroups { get; init; } = [];

    /// <summary>A query parameter's value (unescaped), or null when absent.</summary>
    public string? QueryValue(string name)
    {
        var values = QueryHelpers.ParseQuery(Query);
        return values.TryGetValue(name, out var found) && !StringValues.IsNullOrEmpty(found) ? found.ToString() : null;
    }

    /// <summary>Every value of a repeated query parameter (<c>command=sh&amp;command=-c</c>).</summary>
    public IReadOnlyList<string> QueryValues(string name)
    {
        var values = QueryHelpers.ParseQuery(Query);
        return values.TryGetValue(name, out var found) ? [.. found.OfType<string>()] : [];
    }
}
