using System.Text.Json.Nodes;

namespace Kabin.LocalCluster;

/// <summary>
/// Authentication (bearer tokens from a table, service-account tokens this server signed, client
/// certificates from its CA), impersonation (<c>kubectl --as</c>), the review APIs (TokenReview,
/// SubjectAccessReview, SelfSubjectAccessReview, LocalSubjectAccessReview, SelfSubjectReview), and
/// authorization: RBAC from the stored objects plus rules a test adds with <see cref="Allow"/>.
/// </summary>
public sealed class AccessControl
{
    private const string Reviews = "/apis/authorization.k8s.io/v1/";
    private readonly Lock _gate = new();
    private readonly Dictionary<string, UserInfo> _tokens = new(StringComparer.Ordinal);
    private readonly List<Rule> _rules = [];
    private readonly RbacAuthorizer _rbac;
    private readonly ServiceAccountIssuer _issuer;

    internal AccessControl(ObjectStore store, ApiResourceCatalog catalog, ServiceAccountIssuer issuer)
    {
        _rbac = new RbacAuthorizer(store, catalog);
        _issuer = issuer;
    }

    /// <summary>An unknown or missing credential is refused with 401 (on for the standalone cluster; off in-process, where such callers are anonymous).</summary>
    public bool RequireAuthentication { get; set; }

    /// <summary>Every request is authorized by RBAC (on for the standalone cluster; off in-process, where everything is allowed).</summary>
    public bool EnforceAuthorization { get; set; }

    public void AddToken(string token, string user, params string[] groups)
    {
        lock (_gate)
        {
            _tokens[token] = new UserInfo(user, groups);
        }
    }

    /// <summary>Lets <paramref name="subject"/> (a user or a group) do <paramref name="verb"/> (or <c>*</c>) on a resource of <paramref name="group"/>, beside what RBAC grants.</summary>
    public void Allow(string subject, string verb, string group, string resource, string? namespaceName = null)
    {
        lock (_gate)
        {
            _rules.Add(new Rule(subject, verb, group, resource, namespaceName));
        }
    }

    public bool Allows(UserInfo user, AccessAttributes attributes)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(attributes);
        lock (_gate)
        {
            var subjects = user.Groups.Append(user.Name).ToHashSet(StringComparer.Ordinal);
            if (_rules.Any(rule => subjects.Contains(rule.Subject) && (rule.Verb == "*" || rule.Verb == attributes.Verb)
                && rule.Group == attributes.Group && rule.Resource == attributes.Resource
                && (rule.Namespace is null || rule.Namespace == attributes.Namespace)))
            {
                return true;
            }
        }

        return _rbac.Allows(user, attributes);
    }

    internal UserInfo Authenticate(string? authorization, string? certificateUser, string? certificateGroups, RecordedRequest request)
    {
        var user = Identify(authorization, certificateUser, certificateGroups);
        if (user is null && RequireAuthentication)
        {
            throw new ApiStatusException(401, "Unauthorized", "Unauthorized");
        }

        user ??= UserInfo.Anonymous;
        if (request.ImpersonateUser is not { } impersonated)
        {
            return user;
        }

        if (EnforceAuthorization && !Allows(user, new AccessAttributes("impersonate", string.Empty, "users", null, null, impersonated)))
        {
            throw new ApiStatusException(403, "Forbidden", $"users \"{impersonated}\" is forbidden: User \"{user.Name}\" cannot impersonate resource \"users\" in API group \"\" at the cluster scope");
        }

        return new UserInfo(impersonated, [.. request.ImpersonateGroups, "system:authenticated"]);
    }

    internal void Authorize(UserInfo caller, string verb, ResourcePath path)
    {
        if (!EnforceAuthorization)
        {
            return;
        }

        var attributes = new AccessAttributes(verb, path.Resource.Group, path.Resource.Plural, path.Subresource, path.Namespace, path.Name);
        if (!Allows(caller, attributes))
        {
            var resource = path.Subresource is null ? path.Resource.Plural : $"{path.Resource.Plural}/{path.Subresource}";
            var scope = path.Namespace is null ? "at the cluster scope" : $"in the namespace \"{path.Namespace}\"";
            var what = path.Name is null ? path.Resource.QualifiedName : $"{path.Resource.QualifiedName} \"{path.Name}\"";
            throw ApiStatusException.Forbidden(path.Resource, path.Name,
                $"{what} is forbidden: User \"{caller.Name}\" cannot {verb} resource \"{resource}\" in API group \"{path.Resource.Group}\" {scope}");
        }
    }

    /// <summary>The answered review when <paramref name="request"/> creates one, else null.</summary>
    internal JsonObject? Review(RecordedRequest request, UserInfo caller)
    {
        var path = request.Path.TrimEnd('/');
        var kind = path switch
        {
            "/apis/authentication.k8s.io/v1/tokenreviews" => "TokenReview",
            "/apis/authentication.k8s.io/v1/selfsubjectreviews" => "SelfSubjectReview",
            Reviews + "subjectaccessreviews" => "SubjectAccessReview",
            Reviews + "selfsubjectaccessreviews" => "SelfSubjectAccessReview",
            _ when path.StartsWith(Reviews + "namespaces/", StringComparison.Ordinal) && path.EndsWith("/localsubjectaccessreviews", StringComparison.Ordinal) => "LocalSubjectAccessReview",
            _ => null,
        };
        if (kind is null)
        {
            return null;
        }

        var review = JsonNode.Parse(request.Body) as JsonObject
            ?? throw new ApiStatusException(400, "BadRequest", "a review must be a JSON object");
        if (kind == "SelfSubjectReview")
        {
            review["status"] = new JsonObject { ["userInfo"] = UserJson(caller) };
            return review;
        }

        var spec = review["spec"] as JsonObject ?? throw new ApiStatusException(422, "Invalid", "spec is required");
        review["status"] = kind switch
        {
            "TokenReview" => TokenStatus(spec),
            "SelfSubjectAccessReview" => Decide(caller, spec, null),
            "LocalSubjectAccessReview" => Decide(SubjectOf(spec), spec, path.Split('/')[5]),
            _ => Decide(SubjectOf(spec), spec, null),
        };
        return review;
    }

    private UserInfo? Identify(string? authorization, string? certificateUser, string? certificateGroups)
    {
        if (authorization is { } header && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return ByToken(header["Bearer ".Length..].Trim());
        }

        return certificateUser is null ? null : new UserInfo(certificateUser, [.. (certificateGroups ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries), "system:authenticated"]);
    }

    private UserInfo? ByToken(string token)
    {
        lock (_gate)
        {
            if (_tokens.TryGetValue(token, out var user))
            {
                return user;
            }
        }

        return _issuer.Verify(token);
    }

    private JsonObject TokenStatus(JsonObject spec)
    {
        if (spec["token"]?.GetValue<string>() is not { } token || ByToken(token) is not { } who)
        {
            return new JsonObject { ["authenticated"] = false, ["error"] = "invalid bearer token" };
        }

        return new JsonObject { ["authenticated"] = true, ["user"] = UserJson(who) };
    }

    private static UserInfo SubjectOf(JsonObject spec) =>
        new(spec["user"]?.GetValue<string>() ?? string.Empty, [.. (spec["groups"] as JsonArray ?? []).Select(g => g!.GetValue<string>())]);

    private JsonObject Decide(UserInfo user, JsonObject spec, string? localNamespace)
    {
        AccessAttributes attributes;
        if (spec["nonResourceAttributes"] is JsonObject nonResource)
        {
            attributes = new AccessAttributes(nonResource["verb"]?.ToString() ?? string.Empty, string.Empty, string.Empty, null, null, null, nonResource["path"]?.ToString());
        }
        else
        {
            var resource = spec["resourceAttributes"] as JsonObject ?? [];
            string? Attribute(string name) => resource[name]?.GetValue<string>() is { Length: > 0 } value ? value : null;
            attributes = new AccessAttributes(Attribute("verb") ?? string.Empty, Attribute("group") ?? string.Empty, Attribute("resource") ?? string.Empty,
                Attribute("subresource"), localNamespace ?? Attribute("namespace"), Attribute("name"));
        }

        var allowed = Allows(user, attributes);
        var status = new JsonObject { ["allowed"] = allowed };
        if (allowed)
        {
            status["reason"] = "allowed by RBAC";
        }

        return status;
    }

    private static JsonObject UserJson(UserInfo user) =>
        new() { ["username"] = user.Name, ["groups"] = new JsonArray([.. user.Groups.Select(g => (JsonNode)g)]) };

    private sealed record Rule(string Subject, string Verb, string Group, string Resource, string? Namespace);
}
