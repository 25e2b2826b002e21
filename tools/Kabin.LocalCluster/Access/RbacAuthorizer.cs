using System.Text.Json.Nodes;

namespace Kabin.LocalCluster;

/// <summary>
/// RBAC as the API server evaluates it, from the Roles, ClusterRoles, RoleBindings and
/// ClusterRoleBindings in the store: a request is allowed when a binding for the user, one of
/// its groups or its service account grants a rule matching the verb, group, resource
/// (<c>pods/exec</c> for a subresource), name or non-resource URL. <c>system:masters</c> may do anything.
/// </summary>
internal sealed class RbacAuthorizer(ObjectStore store, ApiResourceCatalog catalog)
{
    public bool Allows(UserInfo user, AccessAttributes request)
    {
        if (user.IsMaster)
        {
            return true;
        }

        foreach (var (roleRef, bindingNamespace) in BindingsOf(user))
        {
            if (bindingNamespace is not null && bindingNamespace != request.Namespace)
            {
                continue;
            }

            if (RulesOf(roleRef, bindingNamespace).Any(rule => Matches(rule, request)))
            {
                return true;
            }
        }

        return false;
    }

    private IEnumerable<(JsonObject RoleRef, string? Namespace)> BindingsOf(UserInfo user)
    {
        var bindings = List("ClusterRoleBinding").Select(b => (b, (string?)null))
            .Concat(List("RoleBinding").Select(b => (b, b["metadata"]?["namespace"]?.ToString())));
        foreach (var (binding, namespaceName) in bindings)
        {
            var subjects = binding["subjects"] as JsonArray ?? [];
            if (subjects.Any(s => SubjectMatches(s as JsonObject, user)) && binding["roleRef"] is JsonObject roleRef)
            {
                yield return (roleRef, namespaceName);
            }
        }
    }

    private static bool SubjectMatches(JsonObject? subject, UserInfo user)
    {
        var name = subject?["name"]?.ToString();
        return subject?["kind"]?.ToString() switch
        {
            "User" => name == user.Name,
            "Group" => name is not null && (user.Groups.Contains(name) || (name == "system:authenticated" && user != UserInfo.Anonymous)),
            "ServiceAccount" => user.Name == $"system:serviceaccount:{subject["namespace"]}:{name}",
            _ => false,
        };
    }

    private IEnumerable<JsonObject> RulesOf(JsonObject roleRef, string? bindingNamespace)
    {
        var kind = roleRef["kind"]?.ToString();
        var name = roleRef["name"]?.ToString() ?? string.Empty;
        var role = kind == "ClusterRole"
            ? store.Get(new ObjectKey(catalog.ByKind("rbac.authorization.k8s.io/v1", "ClusterRole"), null, name))
            : bindingNamespace is null ? null : store.Get(new ObjectKey(catalog.ByKind("rbac.authorization.k8s.io/v1", "Role"), bindingNamespace, name));
        return (role?["rules"] as JsonArray ?? []).OfType<JsonObject>();
    }

    private static bool Matches(JsonObject rule, AccessAttributes request)
    {
        static bool Has(JsonObject rule, string field, string value) =>
            (rule[field] as JsonArray ?? []).Any(v => v?.ToString() is { } item && (item == "*" || item == value));
        if (!Has(rule, "verbs", request.Verb))
        {
            return false;
        }

        if (request.NonResourcePath is { } path)
        {
            return (rule["nonResourceURLs"] as JsonArray ?? []).Any(v => v?.ToString() is { } url && (url == path || (url.EndsWith('*') && path.StartsWith(url[..^1], StringComparison.Ordinal))));
        }

        var resource = request.Subresource is null ? request.Resource : $"{request.Resource}/{request.Subresource}";
        var resourceMatches = Has(rule, "resources", resource)
            || (request.Subresource is not null && Has(rule, "resources", $"*/{request.Subresource}"));
        var names = rule["resourceNames"] as JsonArray ?? [];
        return Has(rule, "apiGroups", request.Group) && resourceMatches
            && (names.Count == 0 || (request.Name is not null && names.Any(n => n?.ToString() == request.Name)));
    }

    private IEnumerable<JsonObject> List(string kind)
    {
        var resource = catalog.ByKind("rbac.authorization.k8s.io/v1", kind);
        return ((JsonArray)store.List(resource, null, LabelSelector.Everything, FieldSelector.Everything, null, null)["items"]!).OfType<JsonObject>();
    }
}
