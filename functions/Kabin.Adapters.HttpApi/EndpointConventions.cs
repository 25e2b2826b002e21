using Kabin.Adapters.CloudEventsHttp;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Kabin.Adapters.HttpApi;

/// <summary>Documents the <c>application/problem+json</c> answers an endpoint can give.</summary>
internal static class EndpointConventions
{
    public static RouteHandlerBuilder Problems(this RouteHandlerBuilder builder, params int[] statusCodes)
    {
        foreach (var status in statusCodes)
        {
            builder.Produces<HttpProblem>(status, ProblemWriter.ContentType);
        }

        return builder;
    }
}
