using Grpc.Core;

namespace Kabin.TestDoubles.Dapr;

/// <summary>Faults the sidecar double injects: the next N calls fail, every call waits a while.</summary>
public sealed class DaprFaults
{
    private readonly Lock _gate = new();
    private int _remainingFailures;
    private Status _failure;

    /// <summary>While set, the health endpoints answer 500, as daprd's do before its components are initialised.</summary>
    public bool Initializing { get; set; }

    /// <summary>Delay before each call is answered.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>A key the store fails to read in a bulk read: its item carries this error, as daprd reports it.</summary>
    public (string Key, string Error)? BulkItemError { get; set; }

    public void FailNext(int count, StatusCode code = StatusCode.Unavailable, string detail = "connection refused: the state store is unreachable")
    {
        lock (_gate)
        {
            _remainingFailures = count;
            _failure = new Status(code, detail);
        }
    }

    internal Status? TakeFailure()
    {
        lock (_gate)
        {
            if (_remainingFailures == 0)
            {
                return null;
            }

            _remainingFailures--;
            return _failure;
        }
    }
}
