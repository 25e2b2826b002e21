using Kabin.Events;
using Kabin.Functions.Worker.Tests.Doubles;
using Kabin.TestDoubles.Sink;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Kabin.Functions.Worker.Tests;

/// <summary>
/// The worker's services as <c>Program.cs</c> wires them (embedded state, plan-mode cluster), with
/// the echo function added, a controllable clock and <c>K_SINK</c> at a loopback receiver. Function
/// classes are created from them as the worker's activator does.
/// </summary>
public sealed class WorkerFixture : IAsyncLifetime
{
    private readonly string _stateFolder = Path.Combine(Path.GetTempPath(), "kabin-worker-tests", Guid.NewGuid().ToString("N"));

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    public SinkReceiver Sink { get; private set; } = null!;

    public ServiceProvider Services { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Sink = await SinkReceiver.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["K_SINK"] = Sink.Url.ToString(),
            ["Kabin:State:Sqlite:Path"] = Path.Combine(_stateFolder, "state.db"),
        }).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<TimeProvider>(Time)
            .AddSingleton<IFunctionHandler, EchoHandler>();
        services.AddKabinFunctionsWorker(configuration);
        Services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    public async Task DisposeAsync()
    {
        await Services.DisposeAsync();
        await Sink.DisposeAsync();
        if (Directory.Exists(_stateFolder))
        {
            Directory.Delete(_stateFolder, recursive: true);
        }
    }

    public T Create<T>() => ActivatorUtilities.CreateInstance<T>(Services);

    public TestFunctionContext Context(string function) => new(Services, function);

    /// <summary>Invokes an HTTP-triggered function with <paramref name="request"/> and gives back what the host would send.</summary>
    public async Task<HttpResponseMessage> InvokeAsync(
        string function, HttpRequestMessage request, Func<HttpRequestData, TestFunctionContext, Task<HttpResponseData>> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var context = Context(function);
        var data = await TestHttpRequestData.FromAsync(context, request);
        var response = await run(data, context);
        return Assert.IsType<TestHttpResponseData>(response).ToResponseMessage();
    }

    public Task<HttpResponseMessage> TenantAsync(HttpRequestMessage request) =>
        InvokeAsync("tenant", request, (data, context) => Create<CloudEventFunctions>().TenantAsync(data, context));

    public Task<HttpResponseMessage> PolicyAsync(HttpRequestMessage request) =>
        InvokeAsync("policy", request, (data, context) => Create<CloudEventFunctions>().PolicyAsync(data, context));

    public Task<HttpResponseMessage> SandboxAsync(HttpRequestMessage request) =>
        InvokeAsync("sandbox", request, (data, context) => Create<CloudEventFunctions>().SandboxAsync(data, context));
}
