using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Kabin.Host.Tests.Api;

/// <summary>
/// Bearer tokens checked with TokenReview and rights with SubjectAccessReview against the
/// API-server double: acme's CI service account may manage sandboxes only in acme's namespace.
/// </summary>
public sealed class ApiAccessTests : IClassFixture<AccessHostFixture>
{
    private const string AcmeCi = "acme-ci-token";
    private const string Admin = "platform-admin-token";
    private readonly AccessHostFixture _fixture;

    public ApiAccessTests(AccessHostFixture fixture)
    {
        _fixture = fixture;
        var access = fixture.Server.Access;
        access.AddToken(AcmeCi, "system:serviceaccount:tenant-acme:ci", "system:serviceaccounts", "system:serviceaccounts:tenant-acme");
        access.AddToken(Admin, "platform-admin", "platform-admins");
        access.Allow("system:serviceaccounts:tenant-acme", "*", "kabin.dev", "sandboxes", "tenant-acme");
        access.Allow("platform-admins", "*", "kabin.dev", "tenants");
    }

    [Fact]
    public async Task A_tenants_service_account_manages_its_own_sandboxes()
    {
        using var created = await SendAsync(HttpMethod.Post, "/tenants/acme/sandboxes", AcmeCi, Request("ci-1"));
        using var read = await SendAsync(HttpMethod.Get, "/tenants/acme/sandboxes/ci-1", AcmeCi);
        using var stopped = await SendAsync(HttpMethod.Delete, "/tenants/acme/sandboxes/ci-1", AcmeCi);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, stopped.StatusCode);
    }

    [Fact]
    public async Task The_same_account_is_forbidden_another_tenants_sandboxes_and_tenants()
    {
        using var globex = await SendAsync(HttpMethod.Put, "/tenants/globex", Admin, Api.Json(Api.TenantSpec()));
        Assert.Equal(HttpStatusCode.Created, globex.StatusCode);

        using var foreign = await SendAsync(HttpMethod.Post, "/tenants/globex/sandboxes", AcmeCi, Request("sneaky"));
        using var list = await SendAsync(HttpMethod.Get, "/tenants/globex/sandboxes", AcmeCi);
        using var tenant = await SendAsync(HttpMethod.Put, "/tenants/acme", AcmeCi, Api.Json(Api.TenantSpec()));

        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, tenant.StatusCode);
        Assert.Equal("application/problem+json", foreign.Content.Headers.ContentType?.MediaType);
        Assert.Null(_fixture.Server.Find("v1", "Pod", "tenant-globex", "sbx-sneaky"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-known-token")]
    public async Task A_missing_or_invalid_token_is_401(string? token)
    {
        using var response = await SendAsync(HttpMethod.Get, "/tenants/acme/sandboxes", token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task Kubernetes_authentication_without_a_cluster_fails_at_start()
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Support.RunningHost.StartAsync("--Kabin:Api:Authentication=kubernetes", "--Kabin:Cluster:Mode=plan"));

        Assert.Contains("Kabin:Api:Authentication", failure.Message, StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await _fixture.Host.Client.SendAsync(request);
    }

    private static HttpContent Request(string name) =>
        Api.Json(new JsonObject { ["name"] = name, ["image"] = "ghcr.io/acme/runner:1" });
}
