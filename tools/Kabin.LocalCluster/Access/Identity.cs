using System.Text.Json.Nodes;

namespace Kabin.LocalCluster;

/// <summary>The HTTP face of the service-account issuer: its OIDC documents and TokenRequest.</summary>
internal sealed class Identity(ServiceAccountIssuer issuer, ApiResourceCatalog catalog)
{
    private const long DefaultExpirationSeconds = 3600;

    public JsonObject? Serve(string path, Uri server) => path switch
    {
        "/.well-known/openid-configuration" => issuer.OpenIdConfiguration(server),
        "/openid/v1/jwks" => issuer.Jwks(),
        _ => null,
    };

    /// <summary>Answers a TokenRequest for the service account <paramref name="key"/> names (it must exist).</summary>
    public JsonObject IssueToken(ObjectKey key, JsonObject request, ObjectStore store)
    {
        var account = store.Get(key) ?? throw ApiStatusException.NotFound(catalog.ByKind("v1", "ServiceAccount"), key.Name);
        var spec = request["spec"] as JsonObject ?? [];
        var audiences = (spec["audiences"] as JsonArray ?? []).Select(a => a!.ToString()).ToArray();
        var seconds = JsonNumbers.Long(spec["expirationSeconds"]) ?? DefaultExpirationSeconds;
        if (seconds < 600)
        {
            throw new ApiStatusException(422, "Invalid", "spec.expirationSeconds: Invalid value: may not specify a duration less than 10 minutes");
        }

        var (token, expires) = issuer.Issue(key.Namespace!, key.Name, account["metadata"]?["uid"]?.ToString() ?? string.Empty,
            audiences.Length == 0 ? [issuer.Issuer] : audiences, seconds);
        return new JsonObject
        {
            ["kind"] = "TokenRequest",
            ["apiVersion"] = "authentication.k8s.io/v1",
            ["metadata"] = new JsonObject { ["name"] = key.Name, ["namespace"] = key.Namespace },
            ["spec"] = new JsonObject { ["audiences"] = new JsonArray([.. (audiences.Length == 0 ? [issuer.Issuer] : audiences).Select(a => (JsonNode)a)]), ["expirationSeconds"] = seconds },
            ["status"] = new JsonObject { ["token"] = token, ["expirationTimestamp"] = ServiceAccountIssuer.Iso(expires) },
        };
    }
}
