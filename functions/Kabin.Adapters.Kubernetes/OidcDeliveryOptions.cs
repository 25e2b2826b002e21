namespace Kabin.Adapters.Kubernetes;

/// <summary>Verification of the OIDC tokens Knative Eventing sends with each delivery (section <c>Kabin:Http:Oidc</c>).</summary>
public sealed class OidcDeliveryOptions
{
    public const string SectionName = "Kabin:Http:Oidc";

    /// <summary>
    /// The audience a delivery's token must name: Eventing's audience for the Service,
    /// <c>serving.knative.dev/service/{namespace}/{name}</c>. Unset: deliveries are not verified.
    /// </summary>
    public string? Audience { get; set; }

    /// <summary>Clock skew allowed on <c>exp</c> and <c>nbf</c>.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long the issuer's keys are used before they are fetched again; an unknown key id fetches them at most this often too.</summary>
    public TimeSpan KeyRefresh { get; set; } = TimeSpan.FromMinutes(5);
}
