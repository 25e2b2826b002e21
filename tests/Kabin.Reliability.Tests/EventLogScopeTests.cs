using System.Text.Json.Nodes;
using Kabin.Reliability.Tests.Support;

namespace Kabin.Reliability.Tests;

/// <summary>What each event's log scope carries (STYLE.md: id, type, tenant, subject), read from the lines the host writes.</summary>
public sealed class EventLogScopeTests
{
    [Fact]
    public async Task Every_line_of_an_event_names_its_id_type_and_the_tenant_it_acts_for()
    {
        await using var host = await ReliabilityHost.StartAsync();
        using var request = Deliveries.Binary("dev.kabin.sandbox.requested", new JsonObject { ["tenant"] = "acme", ["name"] = "box", ["image"] = "ghcr.io/acme/x:1" }, "scoped-1");
        request.Headers.Add("ce-kabintenant", "acme");

        using var answered = await host.Client.SendAsync(request);

        var lines = host.Logs.Lines;
        Assert.Contains(lines, line => line.Contains("CloudEvent dev.kabin.sandbox.requested scoped-1 from /reliability about  for tenant acme", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains("scoped-1", StringComparison.Ordinal) && !line.Contains("for tenant acme", StringComparison.Ordinal));
    }
}
