using System.Globalization;

namespace Kabin.Adapters.CloudEvents;

/// <summary>
/// What any host hands over of an HTTP request: its headers (looked up without regard to case,
/// <c>Content-Type</c> and <c>Content-Length</c> among them) and its body.
/// </summary>
public sealed class HttpRequestParts
{
    private readonly Dictionary<string, string[]> _headers;

    public HttpRequestParts(IEnumerable<KeyValuePair<string, IEnumerable<string>>> headers, Stream body)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(body);
        _headers = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in headers)
        {
            _headers[name] = _headers.TryGetValue(name, out var earlier) ? [.. earlier, .. values] : [.. values];
        }

        Body = body;
    }

    public Stream Body { get; }

    /// <summary>
    /// Tells the status of a body read failure that the web framework attributes to the request
    /// (a body over its limit, broken chunking); null for failures that are not the sender's.
    /// </summary>
    public Func<IOException, int?> ReadFailureStatus { get; init; } = _ => null;

    public IEnumerable<KeyValuePair<string, string[]>> Headers => _headers;

    public string? ContentType => _headers.TryGetValue("Content-Type", out var values) && values.Length > 0 ? values[0] : null;

    public long? ContentLength =>
        _headers.TryGetValue("Content-Length", out var values) && values.Length == 1
        && long.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            ? length
            : null;

    public bool HasHeader(string name) => _headers.ContainsKey(name);

    public IReadOnlyList<string> Values(string name) => _headers.TryGetValue(name, out var values) ? values : [];

    /// <summary>
    /// Reads the whole body into a pooled buffer (dispose it after decoding), refusing more than
    /// <paramref name="limit"/> bytes with <paramref name="tooLarge"/>.
    /// </summary>
    public async Task<RequestBody> ReadBodyAsync(long limit, Func<Exception> tooLarge, CancellationToken cancellationToken)
    {
        try
        {
            return await RequestBody.ReadAsync(Body, ContentLength, (int)Math.Min(limit, Array.MaxLength - 1), tooLarge, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e) when (ReadFailureStatus(e) is { } status)
        {
            throw new CloudEventRequestException(status, $"The request body could not be read: {e.Message}", e);
        }
    }
}
