using System.Text.Json;
using System.Text.Json.Nodes;
using Kabin.Access;

namespace Kabin.Adapters.CloudEvents;

/// <summary>The answer to a delivery its authenticator refused, for every host: 401, <c>WWW-Authenticate: Bearer</c>, a problem.</summary>
public static class DeliveryRefusal
{
    /// <summary>Null when <paramref name="authenticator"/> (if any) accepts the delivery; otherwise the 401 to answer.</summary>
    public static async Task<HttpResponseParts?> CheckAsync(IDeliveryAuthenticator? authenticator, string? authorization, CancellationToken cancellationToken)
    {
        if (authenticator is null || await authenticator.RefusalAsync(authorization, cancellationToken).ConfigureAwait(false) is not { } refusal)
        {
            return null;
        }

        var problem = new JsonObject
        {
            ["type"] = "about:blank",
            ["title"] = "Delivery not authenticated",
            ["status"] = 401,
            ["detail"] = refusal,
        };
        return new HttpResponseParts(401, ProblemResponseEncoder.ContentType, [new("WWW-Authenticate", "Bearer")],
            JsonSerializer.SerializeToUtf8Bytes(problem, KabinJsonContext.Default.JsonObject));
    }
}
