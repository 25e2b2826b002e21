namespace Kabin;

/// <summary>
/// The API server refused an object as invalid (400/403/422): retrying the same object cannot
/// succeed. The message carries the server's reason.
/// </summary>
public sealed class ClusterRejectedException(int statusCode, string message)
    : KabinException(message)
{
    public int StatusCode { get; } = statusCode;
}
