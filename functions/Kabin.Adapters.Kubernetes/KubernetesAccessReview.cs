using System.Text.Json.Nodes;
using Kabin.Access;

namespace Kabin.Adapters.Kubernetes;

/// <summary>
/// The access port over the API server: a TokenReview says whose a bearer token is, a
/// SubjectAccessReview whether RBAC lets that identity do the verb on the <c>kabin.dev</c> resource.
/// </summary>
public sealed class KubernetesAccessReview(KubernetesClusterClient cluster) : IAccessReview
{
    public async Task<AccessIdentity?> AuthenticateAsync(string token, CancellationToken cancellationToken)
    {
        var review = new JsonObject
        {
            ["apiVersion"] = "authentication.k8s.io/v1",
            ["kind"] = "TokenReview",
            ["spec"] = new JsonObject { ["token"] = token },
        };
        var status = (await cluster.CreateReviewAsync("apis/authentication.k8s.io/v1/tokenreviews", review, cancellationToken)
            .ConfigureAwait(false))["status"];
        if (status?["authenticated"] is not JsonValue authenticated || !authenticated.TryGetValue<bool>(out var ok) || !ok
            || status["user"]?["username"] is not JsonValue username)
        {
            return null;
        }

        var groups = (status["user"]?["groups"] as JsonArray)?.OfType<JsonValue>().Select(group => group.ToString()).ToArray() ?? [];
        return new AccessIdentity(username.ToString(), groups);
    }

    public async Task<bool> AuthorizeAsync(AccessIdentity identity, AccessRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(request);
        // "sandboxes/exec" is RBAC's way to write a subresource; a review names the two apart.
        var (resource, subresource) = request.Resource.IndexOf('/', StringComparison.Ordinal) is var slash and > 0
            ? (request.Resource[..slash], request.Resource[(slash + 1)..])
            : (request.Resource, null);
        var attributes = new JsonObject { ["group"] = AccessRequest.Group, ["resource"] = resource, ["verb"] = request.Verb };
        if (subresource is not null)
        {
            attributes["subresource"] = subresource;
        }

        if (request.Namespace is not null)
        {
            attributes["namespace"] = request.Namespace;
        }

        var groups = new JsonArray();
        foreach (var group in identity.Groups)
        {
            groups.Add((JsonNode)group);
        }

        var review = new JsonObject
        {
            ["apiVersion"] = "authorization.k8s.io/v1",
            ["kind"] = "SubjectAccessReview",
            ["spec"] = new JsonObject { ["user"] = identity.User, ["groups"] = groups, ["resourceAttributes"] = attributes },
        };
        var status = (await cluster.CreateReviewAsync("apis/authorization.k8s.io/v1/subjectaccessreviews", review, cancellationToken)
            .ConfigureAwait(false))["status"];
        return status?["allowed"] is JsonValue allowed && allowed.TryGetValue<bool>(out var yes) && yes;
    }
}
