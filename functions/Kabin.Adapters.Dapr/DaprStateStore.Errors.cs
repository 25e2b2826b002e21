using Dapr;
using Grpc.Core;

namespace Kabin.Adapters.Dapr;

/// <summary>How sidecar failures surface: transient ones retry through Knative, misconfiguration says how to fix it.</summary>
public sealed partial class DaprStateStore
{
    private async Task<T> CallAsync<T>(
        string operation,
        string key,
        Func<CancellationToken, Task<T>> call,
        CancellationToken cancellationToken,
        T? etagMismatchResult = default)
        where T : struct
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        try
        {
            return await call(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw TimedOut(operation, key, ex);
        }
        catch (Exception ex) when (FindRpcException(ex) is { } rpc && !cancellationToken.IsCancellationRequested)
        {
            if (etagMismatchResult is { } result && IsETagRejection(rpc))
            {
                return result;
            }

            throw Translate(operation, key, rpc, ex);
        }
    }

    private Exception Translate(string operation, string key, RpcException rpc, Exception thrown)
    {
        if (rpc.StatusCode is StatusCode.Cancelled or StatusCode.DeadlineExceeded)
        {
            return TimedOut(operation, key, thrown);
        }

        if (IsTransient(rpc.StatusCode))
        {
            return new TransientFailureException(
                $"The Dapr sidecar failed the state {operation} of key '{key}' in store '{_storeName}' "
                + $"({rpc.StatusCode}: {rpc.Status.Detail}); the event will be retried.",
                thrown);
        }

        return new InvalidOperationException(
            $"The Dapr sidecar rejected the state {operation} of key '{key}' in store '{_storeName}' "
            + $"({rpc.StatusCode}: {rpc.Status.Detail}). Check that a Dapr state store component named "
            + $"'{_storeName}' is loaded and that Kabin:State:Dapr:StoreName names it.",
            thrown);
    }

    private TransientFailureException TimedOut(string operation, string key, Exception thrown) =>
        new($"The Dapr state {operation} of key '{key}' in store '{_storeName}' took longer than {_timeout}; "
            + "the event will be retried.", thrown);

    private static bool IsTransient(StatusCode code) =>
        code is StatusCode.Unavailable or StatusCode.Internal or StatusCode.Unknown
            or StatusCode.ResourceExhausted or StatusCode.Aborted or StatusCode.DataLoss;

    // Dapr reports a stale ETag as Aborted ("possible etag mismatch"), and an ETag that the store
    // cannot parse as InvalidArgument; neither can ever match the stored value.
    private static bool IsETagRejection(RpcException rpc) =>
        rpc.StatusCode is StatusCode.Aborted
        || rpc.Status.Detail.Contains("etag mismatch", StringComparison.OrdinalIgnoreCase)
        || (rpc.StatusCode is StatusCode.InvalidArgument
            && rpc.Status.Detail.Contains("etag", StringComparison.OrdinalIgnoreCase));

    private static RpcException? FindRpcException(Exception exception) => exception switch
    {
        RpcException rpc => rpc,
        DaprException { InnerException: { } inner } => FindRpcException(inner),
        _ => null,
    };
}
