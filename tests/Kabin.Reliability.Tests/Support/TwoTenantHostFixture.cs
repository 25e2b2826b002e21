using System.Net;

namespace Kabin.Reliability.Tests.Support;

/// <summary>The host in plan mode with tenants <c>acme</c> (restricted) and <c>beta</c> (baseline) provisioned.</summary>
public sealed class TwoTenantHostFixture : IAsyncLifetime
{
    public ReliabilityHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await ReliabilityHost.StartAsync(["--Kabin:Cluster:Mode=plan"]);
        foreach (var spec in new[] { "acme.spec.json", "beta.spec.json" })
        {
            var delivery = await Deliveries.SendAsync(Host.Client, "dev.kabin.tenant.created", TestFiles.Json(spec));
            Assert.True(delivery.Status == HttpStatusCode.OK && delivery.ReplyType == "dev.kabin.tenant.provisioned", delivery.Body);
        }
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
