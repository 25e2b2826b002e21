namespace Kabin;

/// <summary>
/// The API server refused a request in a way a retry of the same request cannot change (400, 403
/// by RBAC, 404 of a missing namespace, 422): dead-lettered with the server's reason.
/// </summary>
public sealed class ClusterRejectedException(int statusCode, string message)
    : KabinException(message)
{
    public int StatusCode { get; } = statusCode;
}
