namespace Kabin.Access;

/// <summary>
/// Checks who delivered a CloudEvent, before anything of it is read. Knative Serving does not
/// enforce EventPolicies on a Service, so the receiver verifies the OIDC token Eventing sends.
/// </summary>
public interface IDeliveryAuthenticator
{
    /// <summary>Null when the delivery's <c>Authorization</c> header proves an allowed sender; otherwise why it does not (answered 401).</summary>
    Task<string?> RefusalAsync(string? authorization, CancellationToken cancellationToken);
}
