using Kabin.Adapters.HttpApi;

namespace Kabin.Host.Tests;

/// <summary>Secure defaults: a host off Knative listens on loopback only; the JSON API checks callers whenever it runs in a cluster.</summary>
public sealed class ListenAddressTests
{
    [Theory]
    [InlineData(null, "http://127.0.0.1:")]
    [InlineData("kabin-tenant", "http://0.0.0.0:")]
    public async Task PORT_binds_loopback_unless_Knative_started_the_host(string? knativeService, string expected)
    {
        var port = Kabin.TestDoubles.LoopbackPorts.Free();
        var state = Path.Combine(Path.GetTempPath(), "kabin-listen-tests", Guid.NewGuid().ToString("N"), "state.db");
        string[] args = [$"--PORT={port}", $"--Kabin:State:Sqlite:Path={state}", "--Logging:LogLevel:Default=Error", .. knativeService is null ? Array.Empty<string>() : [$"--K_SERVICE={knativeService}"]];
        await using var app = KabinHost.Build(KabinHost.CreateBuilder(args));
        await app.StartAsync();

        Assert.Equal($"{expected}{port}", Assert.Single(app.Urls));
        await app.StopAsync();
    }

    [Theory]
    [InlineData(null, null, "none")]
    [InlineData("auto", null, "none")]
    [InlineData(null, "10.96.0.1", "kubernetes")]
    [InlineData("auto", "10.96.0.1", "kubernetes")]
    [InlineData("none", "10.96.0.1", "none")]
    [InlineData("kubernetes", null, "kubernetes")]
    public void Api_authentication_is_kubernetes_in_a_cluster_unless_none_is_asked_for(string? configured, string? serviceHost, string expected)
    {
        Assert.Equal(expected, KabinApiOptions.Resolve(configured, serviceHost));
    }
}
