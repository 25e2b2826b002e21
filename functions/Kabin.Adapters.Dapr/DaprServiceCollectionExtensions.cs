using Dapr.Client;
using Kabin.Health;
using Kabin.State;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Kabin.Adapters.Dapr;

/// <summary>Registers the Dapr state store and one long-lived <see cref="DaprClient"/>.</summary>
public static class DaprServiceCollectionExtensions
{
    public static IServiceCollection AddDaprStateStore(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<DaprStateStoreOptions>()
            .BindConfiguration(DaprStateStoreOptions.SectionName)
            .Validate(
                options => !string.IsNullOrWhiteSpace(options.StoreName),
                "Kabin:State:Dapr:StoreName is empty: set it to the name of the Dapr state store component.")
            .Validate(
                options => options.Timeout > TimeSpan.Zero,
                "Kabin:State:Dapr:Timeout must be positive, e.g. 00:00:05.")
            .Validate(
                options => options.GrpcEndpoint is null || Uri.TryCreate(options.GrpcEndpoint, UriKind.Absolute, out _),
                "Kabin:State:Dapr:GrpcEndpoint must be an absolute URI such as http://127.0.0.1:50001, or unset.")
            .PostConfigure<IConfiguration>((options, configuration) => options.HttpEndpoint ??= SidecarHttpEndpoint(configuration))
            .Validate(
                options => options.HttpEndpoint is null || Uri.TryCreate(options.HttpEndpoint, UriKind.Absolute, out _),
                "Kabin:State:Dapr:HttpEndpoint (or DAPR_HTTP_ENDPOINT) must be an absolute URI such as http://127.0.0.1:3500, or unset.")
            .Validate(
                options => options.StartupWait >= TimeSpan.Zero,
                "Kabin:State:Dapr:StartupWait must not be negative, e.g. 00:00:20 (00:00:00 starts without waiting).")
            .Validate(
                options => options.DeleteTombstoneSeconds >= 0,
                "Kabin:State:Dapr:DeleteTombstoneSeconds must be 0 (delete at once) or a number of seconds longer than any delivery runs.")
            .ValidateOnStart();
        services.TryAddSingleton(provider => CreateClient(provider.GetRequiredService<IOptions<DaprStateStoreOptions>>().Value));
        services.TryAddSingleton<DaprStateStore>();
        services.TryAddSingleton<IStateStore>(provider => provider.GetRequiredService<DaprStateStore>());
        return services;
    }

    /// <summary>
    /// A host's readiness waits for the sidecar, and its start does too, up to
    /// <see cref="DaprStateStoreOptions.StartupWait"/> (docs/observability.md).
    /// </summary>
    public static IServiceCollection AddDaprSidecarReadiness(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        if (!services.Any(descriptor => descriptor.ServiceType == typeof(DaprSidecarHealth)))
        {
            services.AddSingleton<DaprSidecarHealth>();
            services.AddSingleton<IReadinessCheck>(provider => provider.GetRequiredService<DaprSidecarHealth>());
            services.AddHostedService<DaprSidecarStartupWait>();
        }

        return services;
    }

    /// <summary>Where the sidecar injector says daprd's HTTP API is: <c>DAPR_HTTP_ENDPOINT</c>, else <c>DAPR_HTTP_PORT</c> on loopback.</summary>
    private static string? SidecarHttpEndpoint(IConfiguration configuration) =>
        configuration["DAPR_HTTP_ENDPOINT"] is { Length: > 0 } endpoint ? endpoint
        : configuration["DAPR_HTTP_PORT"] is { Length: > 0 } port ? $"http://127.0.0.1:{port}"
        : null;

    private static DaprClient CreateClient(DaprStateStoreOptions options)
    {
        var builder = new DaprClientBuilder();
        if (!string.IsNullOrWhiteSpace(options.GrpcEndpoint))
        {
            builder.UseGrpcEndpoint(options.GrpcEndpoint);
        }

        return builder.Build();
    }
}
