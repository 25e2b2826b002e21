namespace Kabin.LocalCluster;

/// <summary>An injected fault: the next <see cref="Remaining"/> requests that match fail this way.</summary>
internal sealed class Fault(Func<RecordedRequest, bool> matches, int count, FaultKind kind, int statusCode, TimeSpan delay)
{
    public Func<RecordedRequest, bool> Matches { get; } = matches;

    public int Remaining { get; set; } = count;

    public FaultKind Kind { get; } = kind;

    public int StatusCode { get; } = statusCode;

    public TimeSpan Delay { get; } = delay;
}
