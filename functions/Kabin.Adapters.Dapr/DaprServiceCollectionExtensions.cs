using Dapr.Client;
using Kabin.State;
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
            .Validate(
                options => options.DeleteTombstoneSeconds >= 0,
                "Kabin:State:Dapr:DeleteTombstoneSeconds must be 0 (delete at once) or a number of seconds longer than any delivery runs.")
            .ValidateOnStart();
        services.TryAddSingleton(provider => CreateClient(provider.GetRequiredService<IOptions<DaprStateStoreOptions>>().Value));
        services.TryAddSingleton<DaprStateStore>();
        services.TryAddSingleton<IStateStore>(provider => provider.GetRequiredService<DaprStateStore>());
        return services;
    }

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
