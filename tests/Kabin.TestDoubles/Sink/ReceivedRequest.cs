namespace Kabin.TestDoubles.Sink;

/// <summary>One request a <see cref="SinkReceiver"/> took: headers (names lower-cased) and body.</summary>
public sealed record ReceivedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body, int AnsweredWith)
{
    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var value) ? value : null;
}
