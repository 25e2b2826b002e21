namespace Kabin.Access;

/// <summary>
/// What a caller wants, as Kubernetes RBAC words it: a verb on a resource of API group
/// <see cref="Group"/> (<c>kabin.dev</c>), in a namespace or cluster-wide when <see cref="Namespace"/> is null.
/// </summary>
public sealed record AccessRequest(string Verb, string Resource, string? Namespace)
{
    public const string Group = "kabin.dev";
}
