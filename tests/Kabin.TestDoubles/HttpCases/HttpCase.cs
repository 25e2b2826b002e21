namespace Kabin.TestDoubles.HttpCases;

/// <summary>
/// One HTTP-level expectation both hosts are held to: a request, the status it is answered with,
/// and either the reply (type and content mode) or the problem (the slug of its type).
/// </summary>
public sealed record HttpCase(
    string Name,
    Func<HttpRequestMessage> Request,
    int Status,
    string? ReplyType = null,
    ContentMode? ReplyMode = null,
    string? Problem = null)
{
    public override string ToString() => Name;
}
