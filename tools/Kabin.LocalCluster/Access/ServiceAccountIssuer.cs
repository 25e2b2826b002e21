using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Kabin.LocalCluster;

/// <summary>
/// The service-account token issuer: RS256 JWTs for TokenRequest (<c>serviceaccounts/{name}/token</c>)
/// with the claims the API server puts in them, verified again by TokenReview, and published for
/// OIDC verifiers at <c>/.well-known/openid-configuration</c> and <c>/openid/v1/jwks</c>.
/// </summary>
internal sealed class ServiceAccountIssuer(TimeProvider timeProvider) : IDisposable
{
    private readonly RSA _key = RSA.Create(2048);
    private readonly string _keyId = Guid.NewGuid().ToString("N");

    /// <summary>The <c>iss</c> claim: the server's own address, set when it starts listening.</summary>
    public string Issuer { get; set; } = "https://kubernetes.default.svc";

    public JsonObject OpenIdConfiguration(Uri server) => new()
    {
        ["issuer"] = Issuer,
        ["jwks_uri"] = new Uri(server, "openid/v1/jwks").ToString(),
        ["response_types_supported"] = new JsonArray("id_token"),
        ["subject_types_supported"] = new JsonArray("public"),
        ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
    };

    public JsonObject Jwks()
    {
        var parameters = _key.ExportParameters(includePrivateParameters: false);
        return new JsonObject
        {
            ["keys"] = new JsonArray(new JsonObject
            {
                ["use"] = "sig", ["kty"] = "RSA", ["kid"] = _keyId, ["alg"] = "RS256",
                ["n"] = Base64Url.EncodeToString(parameters.Modulus!), ["e"] = Base64Url.EncodeToString(parameters.Exponent!),
            }),
        };
    }

    public (string Token, DateTimeOffset Expires) Issue(string namespaceName, string serviceAccount, string serviceAccountUid, IReadOnlyList<string> audiences, long expirationSeconds)
    {
        var now = timeProvider.GetUtcNow();
        var expires = now.AddSeconds(expirationSeconds);
        var header = new JsonObject { ["alg"] = "RS256", ["kid"] = _keyId, ["typ"] = "JWT" };
        var claims = new JsonObject
        {
            ["iss"] = Issuer,
            ["sub"] = $"system:serviceaccount:{namespaceName}:{serviceAccount}",
            ["aud"] = new JsonArray([.. audiences.Select(a => (JsonNode)a)]),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = expires.ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString(),
            ["kubernetes.io"] = new JsonObject
            {
                ["namespace"] = namespaceName,
                ["serviceaccount"] = new JsonObject { ["name"] = serviceAccount, ["uid"] = serviceAccountUid },
            },
        };
        var signingInput = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return (signingInput + "." + Base64Url.EncodeToString(signature), expires);
    }

    /// <summary>The service account a token this issuer signed names, or null when it is not such a token, forged, or expired.</summary>
    public UserInfo? Verify(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            var valid = _key.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var claims = JsonNode.Parse(Base64Url.DecodeFromChars(parts[1])) as JsonObject;
            if (!valid || claims?["exp"] is null || (JsonNumbers.Long(claims["exp"]!) ?? 0) < timeProvider.GetUtcNow().ToUnixTimeSeconds() || claims["iss"]?.ToString() != Issuer)
            {
                return null;
            }

            var namespaceName = claims["kubernetes.io"]?["namespace"]?.ToString() ?? string.Empty;
            return new UserInfo(claims["sub"]!.ToString(), ["system:serviceaccounts", $"system:serviceaccounts:{namespaceName}", "system:authenticated"]);
        }
        catch (Exception error) when (error is FormatException or System.Text.Json.JsonException or CryptographicException)
        {
            return null;
        }
    }

    public void Dispose() => _key.Dispose();

    internal static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
