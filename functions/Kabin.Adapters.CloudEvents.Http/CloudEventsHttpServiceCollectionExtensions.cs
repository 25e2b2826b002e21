using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Kabin.Adapters.CloudEvents.Http;

/// <summary>Registers the ASP.NET Core shell over the CloudEvents HTTP exchange, with Kestrel's limits from <c>Kabin:Http</c>.</summary>
public static class CloudEventsHttpServiceCollectionExtensions
{
    public static IServiceCollection AddKabinCloudEventsHttp(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddKabinCloudEvents(configuration);
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<CloudEventsHttpOptions>>((kestrel, http) =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = http.Value.MaxBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = http.Value.MaxRequestHeadersTotalSize;
        });
        services.TryAddSingleton<CloudEventResponseWriter>();
        services.TryAddSingleton<ProblemWriter>();
        services.TryAddSingleton<CloudEventsEndpoint>();
        return services;
    }
}
