using Kabin.TestDoubles.Sink;

namespace Kabin.Host.Tests.Support;

/// <summary>One host per test class, with <c>K_SINK</c> pointing at a loopback receiver.</summary>
public sealed class HostFixture : IAsyncLifetime
{
    public RunningHost Host { get; private set; } = null!;

    public SinkReceiver Sink { get; private set; } = null!;

    public HttpClient Client => Host.Client;

    public async Task InitializeAsync()
    {
        Sink = await SinkReceiver.StartAsync();
        Host = await RunningHost.StartAsync($"--K_SINK={Sink.Url}", "--Kabin:Sink:RetryBaseDelay=00:00:00.010");
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Sink.DisposeAsync();
    }
}
