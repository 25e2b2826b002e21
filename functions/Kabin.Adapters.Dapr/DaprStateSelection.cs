using Microsoft.Extensions.Configuration;

namespace Kabin.Adapters.Dapr;

/// <summary>
/// Decides whether the host should keep state in Dapr: when a store name is configured
/// (<c>Kabin:State:Dapr:StoreName</c>) or a sidecar announced itself (<c>DAPR_GRPC_PORT</c>).
/// Otherwise the host uses its embedded store.
/// </summary>
public static class DaprStateSelection
{
    public const string SidecarPortVariable = "DAPR_GRPC_PORT";

    public static bool IsConfigured(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return !string.IsNullOrWhiteSpace(configuration[$"{DaprStateStoreOptions.SectionName}:StoreName"])
            || !string.IsNullOrWhiteSpace(configuration[SidecarPortVariable]);
    }
}
