namespace Kabin.LocalCluster;

/// <summary>How an injected fault fails a request.</summary>
public enum FaultKind
{
    /// <summary>Answer with a status code and a <c>kind: Status</c> body.</summary>
    Status,

    /// <summary>Wait, then serve the request normally (or until the client gives up).</summary>
    Delay,

    /// <summary>Abort the connection without an answer.</summary>
    Drop,
}
