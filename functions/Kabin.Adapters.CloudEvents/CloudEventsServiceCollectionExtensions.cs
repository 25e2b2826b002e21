using Kabin.Events;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Kabin.Adapters.CloudEvents;

/// <summary>
/// Registers the host-neutral CloudEvents HTTP exchange (limits in <c>Kabin:Http</c>) and, where
/// <c>K_SINK</c> is set, the HTTP sink. Every host calls it; each adds only its own shell.
/// </summary>
public static class CloudEventsServiceCollectionExtensions
{
    public static IServiceCollection AddKabinCloudEvents(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<CloudEventsHttpOptions>()
            .BindConfiguration(CloudEventsHttpOptions.SectionName)
            .Validate(o => o.MaxBodyBytes > 0 && o.MaxBatchLength > 0 && o.MaxRequestHeadersTotalSize > 0 && o.RetryAfterSeconds > 0,
                "Kabin:Http limits must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CloudEventRequestReader>();
        services.TryAddSingleton<CloudEventResponseEncoder>();
        services.TryAddSingleton<ProblemResponseEncoder>();
        services.TryAddSingleton<CloudEventExchange>();
        services.TryAddSingleton<AdmissionExchange>();

        var sink = configuration["K_SINK"];
        services.AddOptions<HttpEventSinkOptions>()
            .BindConfiguration(HttpEventSinkOptions.SectionName)
            .PostConfigure(o => o.Url ??= string.IsNullOrWhiteSpace(sink) ? null : new Uri(sink, UriKind.Absolute))
            .Validate(o => o.MaxAttempts > 0 && o.RetryBaseDelay >= TimeSpan.Zero && o.AttemptTimeout > TimeSpan.Zero,
                "Kabin:Sink needs MaxAttempts > 0, a non-negative RetryBaseDelay and a positive AttemptTimeout.")
            .ValidateOnStart();
        if (!string.IsNullOrWhiteSpace(sink) || !string.IsNullOrWhiteSpace(configuration[$"{HttpEventSinkOptions.SectionName}:Url"]))
        {
            services.AddHttpClient(HttpEventSink.ClientName)
                .ConfigureHttpClient((provider, client) =>
                    client.Timeout = provider.GetRequiredService<IOptions<HttpEventSinkOptions>>().Value.AttemptTimeout);
            services.Replace(ServiceDescriptor.Singleton<IEventSink, HttpEventSink>());
        }

        return services;
    }
}
