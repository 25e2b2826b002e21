namespace Kabin.Adapters.HttpApi.Access;

/// <summary>
/// Endpoint metadata: the RBAC verb and <c>kabin.dev</c> resource a call needs. With
/// <see cref="PerTenant"/> the check is in the namespace of the route's <c>{tenant}</c>.
/// </summary>
public sealed record AccessRule(string Verb, string Resource, bool PerTenant = false);
