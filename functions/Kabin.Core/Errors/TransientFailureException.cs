namespace Kabin;

/// <summary>
/// A dependency (API server, state store, sink) failed in a way that a retry may fix: answered
/// 503 so that Knative redelivers the event.
/// </summary>
public sealed class TransientFailureException(string message, Exception? innerException = null)
    : KabinException(message, innerException);
