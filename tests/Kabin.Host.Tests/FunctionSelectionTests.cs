using System.Text.Json;
using Kabin.Host.Tests.Support;

namespace Kabin.Host.Tests;

public sealed class FunctionSelectionTests
{
    [Theory]
    [InlineData("policy", new[] { "policy" })]
    [InlineData("Tenant, sandbox", new[] { "sandbox", "tenant" })]
    [InlineData("", new[] { "policy", "sandbox", "tenant" })]
    public async Task KABIN_FUNCTIONS_selects_the_functions_this_instance_serves(string selection, string[] served)
    {
        await using var host = await RunningHost.StartAsync($"--KABIN_FUNCTIONS={selection}");

        using var response = await host.Client.GetAsync(new Uri("/health/readiness", UriKind.Relative));

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(served, body.RootElement.GetProperty("functions").EnumerateArray().Select(f => f.GetString()));
    }

    [Fact]
    public async Task Unknown_function_in_KABIN_FUNCTIONS_stops_the_host_with_a_fix()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => RunningHost.StartAsync("--KABIN_FUNCTIONS=tenant,billing"));

        Assert.Contains("billing", error.Message, StringComparison.Ordinal);
        Assert.Contains("tenant, policy, sandbox", error.Message, StringComparison.Ordinal);
    }
}
