namespace Kabin.Health;

/// <summary>
/// Something the host needs before it can handle events (the Dapr sidecar, say). The readiness
/// endpoint answers 503 naming every check that is not ready, so that Knative routes no event to
/// a pod that could only fail it.
/// </summary>
public interface IReadinessCheck
{
    /// <summary>What is waited for, as the readiness report names it (<c>dapr-sidecar</c>).</summary>
    string Name { get; }

    /// <summary>Whether it is ready now; false, never an exception, when it cannot be reached.</summary>
    Task<bool> IsReadyAsync(CancellationToken cancellationToken);
}
