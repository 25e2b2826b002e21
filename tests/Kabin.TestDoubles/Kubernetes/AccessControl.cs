using System.Text.Json.Nodes;

namespace Kabin.TestDoubles.Kubernetes;

/// <summary>
/// The double's authentication and authorization: a table of bearer tokens to users and groups
/// (what TokenReview answers) and RBAC-like rules granting a user or group a verb on a resource
/// in a namespace, or in every namespace when the rule names none (what SubjectAccessReview answers).
/// </summary>
public sealed class AccessControl
{
    private const string TokenReviews = "/apis/authentication.k8s.io/v1/tokenreviews";
    private const string AccessReviews = "/apis/authorization.k8s.io/v1/subjectaccessreviews";
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (string User, string[] Groups)> _tokens = new(StringComparer.Ordinal);
    private readonly List<Rule> _rules = [];

    public void AddToken(string token, string user, params string[] groups)
    {
        lock (_gate)
        {
            _tokens[token] = (user, groups);
        }
    }

    /// <summary>Lets <paramref name="subject"/> (a user or a group) do <paramref name="verb"/> (or <c>*</c>) on a resource of <paramref name="group"/>.</summary>
    public void Allow(string subject, string verb, string group, string resource, string? namespaceName = null)
    {
        lock (_gate)
        {
            _rules.Add(new Rule(subject, verb, group, resource, namespaceName));
        }
    }

    /// <summary>The answered review when <paramref name="request"/> creates one, else null.</summary>
    internal JsonObject? Review(RecordedRequest request)
    {
        if (request.Method != "POST" || request.Path is not (TokenReviews or AccessReviews))
        {
            return null;
        }

        var review = JsonNode.Parse(request.Body) as JsonObject
            ?? throw new ApiStatusException(400, "BadRequest", "a review must be a JSON object");
        var spec = review["spec"] as JsonObject ?? throw new ApiStatusException(422, "Invalid", "spec is required");
        review["status"] = request.Path == TokenReviews ? Authenticate(spec) : Authorize(spec);
        return review;
    }

    private JsonObject Authenticate(JsonObject spec)
    {
        lock (_gate)
        {
            if (spec["token"]?.GetValue<string>() is not { } token || !_tokens.TryGetValue(token, out var who))
            {
                return new JsonObject { ["authenticated"] = false, ["error"] = "invalid bearer token" };
            }

            var groups = new JsonArray();
            foreach (var group in who.Groups)
            {
                groups.Add((JsonNode)group);
            }

            return new JsonObject
            {
                ["authenticated"] = true,
                ["user"] = new JsonObject { ["username"] = who.User, ["groups"] = groups },
            };
        }
    }

    private JsonObject Authorize(JsonObject spec)
    {
        var subjects = (spec["groups"] as JsonArray ?? []).Select(group => group!.GetValue<string>())
            .Append(spec["user"]?.GetValue<string>() ?? "").ToHashSet(StringComparer.Ordinal);
        var attributes = spec["resourceAttributes"] as JsonObject ?? [];
        string? Attribute(string name) => attributes[name]?.GetValue<string>();
        lock (_gate)
        {
            var allowed = _rules.Any(rule => subjects.Contains(rule.Subject)
                && (rule.Verb == "*" || rule.Verb == Attribute("verb"))
                && rule.Group == (Attribute("group") ?? "")
                && rule.Resource == Attribute("resource")
                && (rule.Namespace is null || rule.Namespace == Attribute("namespace")));
            return new JsonObject { ["allowed"] = allowed };
        }
    }

    private sealed record Rule(string Subject, string Verb, string Group, string Resource, string? Namespace);
}
