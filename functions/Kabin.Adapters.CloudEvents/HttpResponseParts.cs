namespace Kabin.Adapters.CloudEvents;

/// <summary>
/// A response any host can write: status, <c>Content-Type</c>, further headers and body. A failure
/// carries the <see cref="HttpProblem"/> its body encodes.
/// </summary>
public sealed record HttpResponseParts(
    int StatusCode,
    string? ContentType,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    ReadOnlyMemory<byte> Body)
{
    public HttpProblem? Problem { get; init; }
}
