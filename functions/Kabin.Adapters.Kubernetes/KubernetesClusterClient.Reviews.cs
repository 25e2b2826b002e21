using System.Text;
using System.Text.Json.Nodes;

namespace Kabin.Adapters.Kubernetes;

public sealed partial class KubernetesClusterClient
{
    /// <summary>Creates a review object (TokenReview, SubjectAccessReview) and returns it with its status.</summary>
    internal async Task<JsonObject> CreateReviewAsync(string path, JsonObject review, CancellationToken cancellationToken)
    {
        using var content = new StringContent(review.ToJsonString(), Encoding.UTF8, "application/json");
        return (await SendAsync(HttpMethod.Post, path, content, review["kind"]?.ToString() ?? path, missingIsNull: false, cancellationToken)
            .ConfigureAwait(false))!;
    }

    /// <summary>Reads a document the API server serves outside the resource paths (its OIDC discovery document, its JWKS).</summary>
    internal async Task<JsonObject> GetDocumentAsync(string path, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Get, path, null, path, missingIsNull: false, cancellationToken).ConfigureAwait(false))!;
}
