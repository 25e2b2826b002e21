namespace Kabin.Adapters.CloudEvents;

/// <summary>
/// An HTTP request that does not carry a usable CloudEvent: 415 (not a CloudEvent), 400 (malformed)
/// or 413 (too large). The message says what to change.
/// </summary>
public sealed class CloudEventRequestException(int statusCode, string message, Exception? innerException = null)
    : KabinException(message, innerException)
{
    public int StatusCode { get; } = statusCode;

    public static CloudEventRequestException Malformed(string message, Exception? innerException = null) =>
        new(400, message, innerException);

    public static CloudEventRequestException TooLarge(string message) => new(413, message);

    public static CloudEventRequestException NotACloudEvent(string message) => new(415, message);
}
