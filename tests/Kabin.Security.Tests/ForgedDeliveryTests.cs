using System.Buffers.Text;
using System.Net;
using Kabin.Security.Tests.Support;

namespace Kabin.Security.Tests;

/// <summary>
/// Threat: a pod posts CloudEvents straight to a function's Service, past the Broker and its
/// EventPolicies (Knative Serving enforces none on a Service; on ffd1a99 the host accepted any
/// delivery). With <c>Kabin:Http:Oidc:Audience</c> the host verifies Eventing's OIDC token itself,
/// against the local cluster's issuer.
/// </summary>
public sealed class ForgedDeliveryTests : IAsyncLifetime
{
    private const string Audience = "serving.knative.dev/service/kabin-system/kabin-sandbox";
    private ClusterWorld _world = null!;

    public async Task InitializeAsync() => _world = await ClusterWorld.StartAsync($"--Kabin:Http:Oidc:Audience={Audience}");

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task A_delivery_with_the_issuers_token_for_this_audience_is_handled()
    {
        await _world.ClusterAsync(HttpMethod.Post, "api/v1/namespaces", new System.Text.Json.Nodes.JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["name"] = "knative-eventing" },
        });
        var token = await _world.ServiceAccountTokenAsync("knative-eventing", "mt-broker-filter", Audience);

        var response = await DeliverAsync("Bearer " + token);

        Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("garbage")]
    [InlineData("wrong-audience")]
    [InlineData("forged-signature")]
    [InlineData("unsigned")]
    public async Task A_delivery_without_a_valid_token_for_this_audience_is_401(string kind)
    {
        await _world.ClusterAsync(HttpMethod.Post, "api/v1/namespaces", new System.Text.Json.Nodes.JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["name"] = "tenant-evil" },
        });
        var other = await _world.ServiceAccountTokenAsync("tenant-evil", "agent", "serving.knative.dev/service/kabin-system/kabin-tenant");
        var right = await _world.ServiceAccountTokenAsync("tenant-evil", "agent", Audience);
        var parts = right.Split('.');
        var authorization = kind switch
        {
            "none" => null,
            "garbage" => "Bearer not.a.jwt",
            "wrong-audience" => "Bearer " + other,
            "forged-signature" => $"Bearer {parts[0]}.{parts[1]}.{parts[2][..^4]}AAAA",
            _ => $"Bearer {Base64Url.EncodeToString("""{"alg":"none"}"""u8)}.{parts[1]}.",
        };

        var response = await DeliverAsync(authorization);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
    }

    private Task<HttpResponseMessage> DeliverAsync(string? authorization) =>
        _world.Host.Client.SendAsync(AttackedHost.Event("dev.kabin.sandbox.requested", """{"tenant":"acme","name":"box","image":"ghcr.io/acme/runner:1"}""", null, ("Authorization", authorization)));
}
