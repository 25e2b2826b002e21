using Kabin.Health;
using Microsoft.Extensions.Options;

namespace Kabin.Adapters.Dapr;

/// <summary>
/// The sidecar's readiness for outbound calls, daprd's <c>GET /v1.0/healthz/outbound</c> (204 once
/// its components are initialised; unlike <c>/v1.0/healthz</c> it does not wait for the app, which
/// waits for it). A healthy answer is trusted for a second, so probes do not each cost a call.
/// Without a known HTTP endpoint (<see cref="DaprStateStoreOptions.HttpEndpoint"/>, which the
/// sidecar injector's <c>DAPR_HTTP_PORT</c> fills in) nothing is checked.
/// </summary>
public sealed class DaprSidecarHealth : IReadinessCheck, IDisposable
{
    private static readonly TimeSpan HealthyFor = TimeSpan.FromSeconds(1);

    private readonly HttpClient _client;
    private readonly Uri? _health;
    private readonly TimeProvider _time;
    private long _healthyUntilTicks;

    public DaprSidecarHealth(IOptions<DaprStateStoreOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _health = options.Value.HttpEndpoint is { Length: > 0 } endpoint
            ? new Uri(new Uri(endpoint.TrimEnd('/') + "/"), "v1.0/healthz/outbound")
            : null;
        _client = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
        _time = time;
    }

    public string Name => "dapr-sidecar";

    /// <summary>Whether there is a sidecar endpoint to check.</summary>
    public bool IsChecked => _health is not null;

    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        if (_health is null || _time.GetUtcNow().UtcTicks < Interlocked.Read(ref _healthyUntilTicks))
        {
            return true;
        }

        try
        {
            using var response = await _client.GetAsync(_health, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return false;
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }

        Interlocked.Exchange(ref _healthyUntilTicks, _time.GetUtcNow().Add(HealthyFor).UtcTicks);
        return true;
    }

    public void Dispose() => _client.Dispose();
}
