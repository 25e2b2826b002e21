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
}
