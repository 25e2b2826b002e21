using System.Buffers.Text;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Kabin.LocalCluster.Tests.Support;

namespace Kabin.LocalCluster.Tests;

/// <summary>Service-account tokens (TokenRequest, OIDC discovery, TokenReview) and access reviews answered from stored RBAC.</summary>
public sealed class IdentityTests : IAsyncLifetime
{
    private ClusterClient _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = await ClusterClient.StartAsync();
        await _cluster.CreateNamespaceAsync("kabin-system");
        await ClusterClient.SucceedAsync(await _cluster.CreateAsync("api/v1/namespaces/kabin-system/serviceaccounts",
            new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ServiceAccount", ["metadata"] = new JsonObject { ["name"] = "portal" } }));
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_requested_token_verifies_with_the_published_key_and_by_TokenReview()
    {
        var request = new JsonObject { ["apiVersion"] = "authentication.k8s.io/v1", ["kind"] = "TokenRequest", ["spec"] = new JsonObject { ["audiences"] = new JsonArray("kabin"), ["expirationSeconds"] = 3600 } };
        var issued = await ClusterClient.SucceedAsync(await _cluster.CreateAsync("api/v1/namespaces/kabin-system/serviceaccounts/portal/token", request));
        var token = issued["status"]!["token"]!.GetValue<string>();
        var configuration = await ClusterClient.SucceedAsync(await _cluster.Http.GetAsync(".well-known/openid-configuration"));
        var jwks = await ClusterClient.SucceedAsync(await _cluster.Http.GetAsync(new Uri(configuration["jwks_uri"]!.GetValue<string>())));

        var parts = token.Split('.');
        var claims = JsonNode.Parse(Base64Url.DecodeFromChars(parts[1]))!;
        var key = jwks["keys"]![0]!;
        using var rsa = RSA.Create(new RSAParameters { Modulus = Base64Url.DecodeFromChars(key["n"]!.GetValue<string>()), Exponent = Base64Url.DecodeFromChars(key["e"]!.GetValue<string>()) });
        var review = await ClusterClient.SucceedAsync(await _cluster.CreateAsync("apis/authentication.k8s.io/v1/tokenreviews", Review(token)));
        var forged = await ClusterClient.SucceedAsync(await _cluster.CreateAsync("apis/authentication.k8s.io/v1/tokenreviews", Review(parts[0] + "." + parts[1] + ".AAAA")));

        Assert.True(rsa.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.Equal(configuration["issuer"]!.GetValue<string>(), claims["iss"]!.GetValue<string>());
        Assert.Equal(("system:serviceaccount:kabin-system:portal", "kabin"), (claims["sub"]!.GetValue<string>(), claims["aud"]![0]!.GetValue<string>()));
        Assert.Equal("system:serviceaccount:kabin-system:portal", review["status"]!["user"]!["username"]!.GetValue<string>());
        Assert.False(forged["status"]!["authenticated"]!.GetValue<bool>());
    }

    [Fact]
    public async Task SubjectAccessReview_answers_from_applied_roles_and_bindings()
    {
        await ClusterClient.SucceedAsync(await _cluster.CreateAsync("apis/rbac.authorization.k8s.io/v1/namespaces/kabin-system/roles", new JsonObject
        {
            ["apiVersion"] = "rbac.authorization.k8s.io/v1", ["kind"] = "Role", ["metadata"] = new JsonObject { ["name"] = "exec" },
            ["rules"] = new JsonArray(new JsonObject { ["apiGroups"] = new JsonArray(""), ["resources"] = new JsonArray("pods/exec"), ["verbs"] = new JsonArray("create") }),
        }));
        await ClusterClient.SucceedAsync(await _cluster.CreateAsync("apis/rbac.authorization.k8s.io/v1/namespaces/kabin-system/rolebindings", new JsonObject
        {
            ["apiVersion"] = "rbac.authorization.k8s.io/v1", ["kind"] = "RoleBinding", ["metadata"] = new JsonObject { ["name"] = "portal-exec" },
            ["roleRef"] = new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = "Role", ["name"] = "exec" },
            ["subjects"] = new JsonArray(new JsonObject { ["kind"] = "ServiceAccount", ["name"] = "portal", ["namespace"] = "kabin-system" }),
        }));

        var exec = await AccessAsync("system:serviceaccount:kabin-system:portal", "create", "pods", "exec", "kabin-system");
        var delete = await AccessAsync("system:serviceaccount:kabin-system:portal", "delete", "pods", null, "kabin-system");
        var elsewhere = await AccessAsync("system:serviceaccount:kabin-system:portal", "create", "pods", "exec", "tenant-acme");

        Assert.Equal((true, false, false), (exec, delete, elsewhere));
    }

    private async Task<bool> AccessAsync(string user, string verb, string resource, string? subresource, string namespaceName)
    {
        var review = new JsonObject
        {
            ["apiVersion"] = "authorization.k8s.io/v1", ["kind"] = "SubjectAccessReview",
            ["spec"] = new JsonObject
            {
                ["user"] = user,
                ["resourceAttributes"] = new JsonObject { ["verb"] = verb, ["group"] = "", ["resource"] = resource, ["subresource"] = subresource, ["namespace"] = namespaceName },
            },
        };
        var answer = await ClusterClient.SucceedAsync(await _cluster.Http.PostAsJsonAsync("apis/authorization.k8s.io/v1/subjectaccessreviews", review));
        return answer["status"]!["allowed"]!.GetValue<bool>();
    }

    private static JsonObject Review(string token) =>
        new() { ["apiVersion"] = "authentication.k8s.io/v1", ["kind"] = "TokenReview", ["spec"] = new JsonObject { ["token"] = token } };
}
