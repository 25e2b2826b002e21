using Kabin.Adapters.CloudEvents;
using Kabin.Adapters.CloudEvents.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Kabin.Adapters.HttpApi;

/// <summary>Documents the <c>application/problem+json</c> answers an endpoint can give.</summary>
internal static class EndpointConventions
{
    /// <summary>
    /// JSON, and YAML under any name; curl's default (<c>application/x-www-form-urlencoded</c>, for
    /// <c>-d</c> and <c>--data-binary</c>) is read as YAML too, so a manifest file posts as it is.
    /// </summary>
    public static RouteHandlerBuilder Body<T>(this RouteHandlerBuilder builder) where T : notnull =>
        builder.Accepts<T>(
            "application/json", "application/yaml", "application/x-yaml", "text/yaml", "text/plain", "application/x-www-form-urlencoded");

    public static RouteHandlerBuilder Problems(this RouteHandlerBuilder builder, params int[] statusCodes)
    {
        foreach (var status in statusCodes)
        {
            builder.Produces<HttpProblem>(status, ProblemWriter.ContentType);
        }

        return builder;
    }
}
