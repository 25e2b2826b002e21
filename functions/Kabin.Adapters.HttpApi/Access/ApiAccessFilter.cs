using Kabin.Access;
using Kabin.Tenants;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace Kabin.Adapters.HttpApi.Access;

/// <summary>
/// With <c>Kabin:Api:Authentication=kubernetes</c>: a call without a valid bearer token is 401; a
/// caller whom RBAC does not allow the endpoint's <see cref="AccessRule"/> (in the tenant's
/// namespace for per-tenant routes) is 403. A token is never logged.
/// </summary>
public static class ApiAccessFilter
{
    public static async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        if (http.GetEndpoint()?.Metadata.GetMetadata<AccessRule>() is not { } rule)
        {
            return await next(context).ConfigureAwait(false);
        }

        var reviews = http.RequestServices.GetRequiredService<IAccessReview>();
        var header = http.Request.Headers.Authorization.ToString();
        var identity = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header[7..].Trim() is { Length: > 0 } token
            ? await reviews.AuthenticateAsync(token, http.RequestAborted).ConfigureAwait(false)
            : null;
        if (identity is null)
        {
            http.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
            return ApiProblems.Problem(StatusCodes.Status401Unauthorized, "unauthenticated", "Unauthenticated",
                "Send Authorization: Bearer <token> with a token the cluster accepts, such as a service account token.");
        }

        var namespaceName = rule.PerTenant ? await NamespaceOfAsync(http).ConfigureAwait(false) : null;
        var request = new AccessRequest(rule.Verb, rule.Resource, namespaceName);
        if (!await reviews.AuthorizeAsync(identity, request, http.RequestAborted).ConfigureAwait(false))
        {
            var where = namespaceName is null ? "cluster-wide" : $"in namespace '{namespaceName}'";
            return ApiProblems.Problem(StatusCodes.Status403Forbidden, "forbidden", "Forbidden",
                $"'{identity.User}' may not {rule.Verb} {rule.Resource}.{AccessRequest.Group} {where}. Ask for a Role that grants it.");
        }

        return await next(context).ConfigureAwait(false);
    }

    /// <summary>The tenant's namespace; for a tenant that does not exist, none, so only cluster-wide rights pass.</summary>
    private static async Task<string?> NamespaceOfAsync(HttpContext http) =>
        http.Request.RouteValues["tenant"] is string tenant
        && await http.RequestServices.GetRequiredService<ITenantDirectory>().FindByNameAsync(tenant, http.RequestAborted).ConfigureAwait(false)
            is { } record
            ? record.Namespace
            : null;
}
