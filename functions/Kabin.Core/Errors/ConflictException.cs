namespace Kabin;

/// <summary>
/// A concurrent change won (API server 409, state ETag mismatch) and retrying in place did not
/// settle it. Answered 409 over the JSON API; Knative retries a 409 too.
/// </summary>
public sealed class ConflictException(string message, Exception? innerException = null)
    : KabinException(message, innerException);
