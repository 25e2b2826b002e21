namespace Kabin.Access;

/// <summary>
/// Who a caller of the plain HTTP API is, and what they may do: a port, so the core knows no
/// cluster; the Kubernetes adapter answers with TokenReview and SubjectAccessReview.
/// </summary>
public interface IAccessReview
{
    /// <summary>The identity a bearer token belongs to, or null when the token is not valid.</summary>
    Task<AccessIdentity?> AuthenticateAsync(string token, CancellationToken cancellationToken);

    /// <summary>Whether <paramref name="identity"/> may do <paramref name="request"/>.</summary>
    Task<bool> AuthorizeAsync(AccessIdentity identity, AccessRequest request, CancellationToken cancellationToken);
}
