using System.Text.Json;
using Kabin.Adapters.CloudEvents;
using Kabin.Adapters.CloudEvents.Http;
using Kabin.Events;
using Kabin.TestDoubles.Sink;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Kabin.Adapters.Tests.CloudEventsHttp;

public sealed class HttpEventSinkTests : IAsyncLifetime
{
    private SinkReceiver _receiver = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _receiver = await SinkReceiver.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["K_SINK"] = _receiver.Url.ToString(),
            ["Kabin:Sink:RetryBaseDelay"] = "00:00:00.010",
        }).Build();
        _services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration)
            .AddKabinCloudEventsHttp(configuration).BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task K_SINK_set_registers_the_http_sink_which_posts_binary_mode()
    {
        var sink = _services.GetRequiredService<IEventSink>();

        await sink.PublishAsync(Event("café"), CancellationToken.None);

        Assert.IsType<HttpEventSink>(sink);
        var request = Assert.Single(_receiver.Received);
        Assert.Equal("POST", request.Method);
        Assert.Equal("dev.kabin.test.published", request.Header("ce-type"));
        Assert.Equal("caf%C3%A9", request.Header("ce-subject"));
        Assert.StartsWith("application/json", request.Header("content-type"), StringComparison.Ordinal);
        Assert.Equal(3, JsonDocument.Parse(request.Body).RootElement.GetProperty("n").GetInt32());
    }

    [Fact]
    public async Task Sink_answering_503_twice_then_accepting_gets_the_event_on_the_third_attempt()
    {
        _receiver.FailNext(2, 503);

        await _services.GetRequiredService<IEventSink>().PublishAsync(Event("retry"), CancellationToken.None);

        Assert.Equal([503, 503, 202], _receiver.Received.Select(r => r.AnsweredWith));
    }

    [Fact]
    public async Task Sink_that_keeps_failing_makes_the_incoming_event_a_transient_failure()
    {
        _receiver.FailNext(5, 429);

        await Assert.ThrowsAsync<TransientFailureException>(
            () => _services.GetRequiredService<IEventSink>().PublishAsync(Event("down"), CancellationToken.None));

        Assert.Equal(3, _receiver.Received.Count);
    }

    [Fact]
    public async Task Sink_refusing_the_event_as_bad_input_is_not_retried()
    {
        _receiver.FailNext(1, 400);

        await Assert.ThrowsAsync<InvalidOperationException>(
            () => _services.GetRequiredService<IEventSink>().PublishAsync(Event("refused"), CancellationToken.None));

        Assert.Single(_receiver.Received);
    }

    [Fact]
    public void Without_K_SINK_the_logging_sink_stays()
    {
        var configuration = new ConfigurationBuilder().Build();
        using var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddKabinCloudEventsHttp(configuration)
            .AddKabin(new HashSet<string>()).BuildServiceProvider();

        Assert.IsType<LoggingEventSink>(services.GetRequiredService<IEventSink>());
    }

    private static CloudNative.CloudEvents.CloudEvent Event(string subject) =>
        KabinCloudEvents.Create("tenant", "dev.kabin.test.published", subject,
            JsonDocument.Parse("""{"n":3}""").RootElement, KabinJsonContext.Default.JsonElement, DateTimeOffset.UnixEpoch);
}
