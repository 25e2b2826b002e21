using Kabin.Adapters.Dapr;
using Microsoft.Extensions.Configuration;

namespace Kabin.Adapters.Tests.State;

public sealed class DaprStateSelectionTests
{
    [Theory]
    [InlineData(null, null, false)]
    [InlineData("", "", false)]
    [InlineData("statestore", null, true)]
    [InlineData(null, "50001", true)]
    public void Dapr_is_chosen_when_a_store_name_or_a_sidecar_port_is_configured(string? storeName, string? grpcPort, bool expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kabin:State:Dapr:StoreName"] = storeName,
            ["DAPR_GRPC_PORT"] = grpcPort,
        }).Build();

        Assert.Equal(expected, DaprStateSelection.IsConfigured(configuration));
    }
}
