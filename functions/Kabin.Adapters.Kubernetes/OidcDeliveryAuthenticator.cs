using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kabin.Access;
using Microsoft.Extensions.Options;

namespace Kabin.Adapters.Kubernetes;

/// <summary>
/// Verifies Knative Eventing's OIDC delivery tokens against the cluster's service-account issuer,
/// as a Kubernetes OIDC client does: the issuer and its keys come from the API server
/// (<c>/.well-known/openid-configuration</c>, <c>/openid/v1/jwks</c>); a token passes only with an
/// RS256 signature by one of those keys, that issuer, the configured audience, and a time within
/// <c>nbf</c> and <c>exp</c>.
/// </summary>
public sealed class OidcDeliveryAuthenticator(KubernetesClusterClient cluster, IOptions<OidcDeliveryOptions> options, TimeProvider timeProvider)
    : IDeliveryAuthenticator, IDisposable
{
    private const int MaxTokenLength = 16 * 1024;
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private IssuerKeys? _keys;

    public async Task<string?> RefusalAsync(string? authorization, CancellationToken cancellationToken)
    {
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return "The delivery carries no bearer token; Knative Eventing sends one when OIDC authentication is on.";
        }

        var token = authorization["Bearer ".Length..].Trim();
        var parts = token.Length <= MaxTokenLength ? token.Split('.') : [];
        if (parts.Length != 3 || Decode(parts[0]) is not JsonObject header || Decode(parts[1]) is not JsonObject claims)
        {
            return "The bearer token is not a JWT.";
        }

        if (header["alg"]?.ToString() != "RS256")
        {
            return "The token is not signed with RS256.";
        }

        var keys = await KeysAsync(header["kid"]?.ToString(), cancellationToken).ConfigureAwait(false);
        var signature = Bytes(parts[2]);
        var signed = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
        var kid = header["kid"]?.ToString();
        if (signature is null || !keys.Keys.Where(k => kid is null || k.Id == kid).Any(k => k.Key.VerifyData(signed, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)))
        {
            return "The token's signature is not the cluster issuer's.";
        }

        return ClaimsRefusal(claims, keys.Issuer);
    }

    private string? ClaimsRefusal(JsonObject claims, string issuer)
    {
        var now = timeProvider.GetUtcNow().ToUnixTimeSeconds();
        var skew = (long)options.Value.ClockSkew.TotalSeconds;
        if (claims["iss"]?.ToString() != issuer)
        {
            return "The token was issued by another issuer.";
        }

        var audiences = claims["aud"] switch
        {
            JsonArray list => list.Select(a => a?.ToString()),
            JsonValue single => [single.ToString()],
            _ => [],
        };
        if (!audiences.Contains(options.Value.Audience, StringComparer.Ordinal))
        {
            return "The token is meant for another audience.";
        }

        if (Seconds(claims["exp"]) is not { } expires || expires + skew < now)
        {
            return "The token has expired.";
        }

        return Seconds(claims["nbf"]) is { } notBefore && notBefore - skew > now ? "The token is not valid yet." : null;
    }

    private async Task<IssuerKeys> KeysAsync(string? kid, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var current = _keys;
        var known = current is not null && (kid is null || current.Keys.Any(k => k.Id == kid));
        if (current is not null && known && current.FetchedAt + options.Value.KeyRefresh > now)
        {
            return current;
        }

        // An unknown key id (a rotation) fetches the keys again, but at most every 30 s, whatever ids senders invent.
        if (current is not null && !known && current.FetchedAt + TimeSpan.FromSeconds(30) > now)
        {
            return current;
        }

        await _refreshing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_keys is { } fresh && !ReferenceEquals(fresh, current))
            {
                return fresh;
            }

            var discovery = await cluster.GetDocumentAsync(".well-known/openid-configuration", cancellationToken).ConfigureAwait(false);
            var jwks = await cluster.GetDocumentAsync("openid/v1/jwks", cancellationToken).ConfigureAwait(false);
            var keys = (jwks["keys"] as JsonArray ?? []).OfType<JsonObject>()
                .Where(k => k["kty"]?.ToString() == "RSA" && k["n"] is not null && k["e"] is not null)
                .Select(k => new IssuerKey(k["kid"]?.ToString(), RsaOf(k)))
                .ToArray();
            // Keys replaced here are left to the GC: a verification running on another thread may still hold them.
            _keys = new IssuerKeys(discovery["issuer"]?.ToString() ?? string.Empty, keys, now);
            return _keys;
        }
        finally
        {
            _refreshing.Release();
        }
    }

    private static RSA RsaOf(JsonObject key)
    {
        var rsa = RSA.Create();
        rsa.ImportParameters(new RSAParameters { Modulus = Bytes(key["n"]!.ToString()), Exponent = Bytes(key["e"]!.ToString()) });
        return rsa;
    }

    private static long? Seconds(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<long>(out var seconds) ? seconds
        : node is JsonValue element && element.TryGetValue<JsonElement>(out var json) && json.TryGetInt64(out var parsed) ? parsed
        : null;

    private static JsonNode? Decode(string part)
    {
        try
        {
            return Bytes(part) is { } bytes ? JsonNode.Parse(bytes) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static byte[]? Bytes(string base64Url) =>
        Base64Url.IsValid(base64Url) ? Base64Url.DecodeFromChars(base64Url) : null;

    public void Dispose()
    {
        foreach (var key in _keys?.Keys ?? [])
        {
            key.Key.Dispose();
        }

        _refreshing.Dispose();
    }

    private sealed record IssuerKey(string? Id, RSA Key);

    private sealed record IssuerKeys(string Issuer, IssuerKey[] Keys, DateTimeOffset FetchedAt);
}
