using Kabin.Host.Tests.Support;

namespace Kabin.Host.Tests.Telemetry;

[Collection(nameof(TelemetryTestsRunAlone))]
public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task Metrics_counts_events_by_type_and_outcome_with_senders_types_folded_into_other()
    {
        await using var host = await RunningHost.StartAsync();
        await Telemetry.CreateTenantAsync(host.Client, "acme");
        var hostile = "evil." + Guid.NewGuid().ToString("N");
        using (var refused = await host.Client.SendAsync(EventMessages.Post(ContentMode.Binary, EventMessages.Event(hostile))))
        {
            Assert.Equal(400, (int)refused.StatusCode);
        }

        var metrics = await Telemetry.ScrapeAsync(host.Client);

        Assert.Equal(1, Telemetry.Sample(metrics, "kabin_events_total", "type=\"dev.kabin.tenant.created\"", "outcome=\"handled\""));
        Assert.Equal(1, Telemetry.Sample(metrics, "kabin_events_total", "type=\"other\"", "outcome=\"rejected\""));
        Assert.DoesNotContain(hostile, metrics, StringComparison.Ordinal);
        Assert.Equal(1, Telemetry.Sample(metrics, "kabin_event_duration_seconds_count", "type=\"dev.kabin.tenant.created\""));
        Assert.Contains("# TYPE kabin_event_duration_seconds histogram", metrics, StringComparison.Ordinal);
        // Provisioning applied the tenant's objects (plan mode) and wrote its record: both measured by operation.
        Assert.True(Telemetry.Sample(metrics, "kabin_cluster_call_duration_seconds_count", "operation=\"apply\"") >= 5);
        Assert.True(Telemetry.Sample(metrics, "kabin_state_call_duration_seconds_count", "operation=\"get\"") >= 1);
        Assert.DoesNotContain("acme", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_counts_admission_reviews_by_webhook_decision_and_rule_and_violations_by_rule()
    {
        await using var host = await RunningHost.StartAsync();
        await Telemetry.CreateTenantAsync(host.Client, "acme");

        var denied = await Telemetry.ReviewAsync(host.Client, "validate", "pod-privileged.json", "tenant-acme");
        var allowed = await Telemetry.ReviewAsync(host.Client, "validate", "pod-compliant.json", "tenant-acme");
        var mutated = await Telemetry.ReviewAsync(host.Client, "mutate", "pod-compliant.json", "tenant-acme");
        var orphan = await Telemetry.ReviewAsync(host.Client, "validate", "pod-compliant.json", "tenant-nobody");
        var metrics = await Telemetry.ScrapeAsync(host.Client);

        Assert.False(denied["response"]!["allowed"]!.GetValue<bool>());
        Assert.True(allowed["response"]!["allowed"]!.GetValue<bool>());
        Assert.True(mutated["response"]!["allowed"]!.GetValue<bool>());
        Assert.False(orphan["response"]!["allowed"]!.GetValue<bool>());
        Assert.Equal(1, Telemetry.Sample(metrics, "kabin_admission_reviews_total", "webhook=\"validate\"", "decision=\"denied\"", "rule=\"vm-isolation/runtime-class\""));
        Assert.Equal(1, Telemetry.Sample(metrics, "kabin_admission_reviews_total", "webhook=\"validate\"", "decision=\"denied\"", "rule=\"kabin/no-tenant\""));
        Assert.Equal(1, Telemetry.Sample(metrics, "kabin_admission_reviews_total", "webhook=\"validate\"", "decision=\"allowed\""));
        Assert.Equal(1, Telemetry.Sample(metrics, "kabin_admission_reviews_total", "webhook=\"mutate\"", "decision=\"allowed\""));
        Assert.Equal(2, Telemetry.Sample(metrics, "kabin_admission_duration_seconds_count", "webhook=\"validate\"", "decision=\"denied\""));
        Assert.True(Telemetry.Sample(metrics, "kabin_policy_violations_total", "rule=\"pod-security/privileged\"", "where=\"admission\"") == 1);
    }

    [Fact]
    public async Task Metrics_can_be_turned_off()
    {
        await using var host = await RunningHost.StartAsync("--Kabin:Metrics:Prometheus=false");

        using var response = await host.Client.GetAsync("/metrics");

        Assert.NotEqual(200, (int)response.StatusCode);
    }

    [Fact]
    public async Task On_a_metrics_port_of_its_own_metrics_is_served_there_only_and_nothing_else_is()
    {
        var port = Kabin.TestDoubles.LoopbackPorts.Free();
        await using var host = await RunningHost.StartAsync($"--Kabin:Metrics:Port={port}");
        using var scraper = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        using var onMetricsPort = await scraper.GetAsync("/metrics");
        using var onServingPort = await host.Client.GetAsync("/metrics");
        using var eventOnMetricsPort = await scraper.SendAsync(EventMessages.Post(ContentMode.Binary, EventMessages.Event(EchoHandler.Echo)));
        using var readinessOnMetricsPort = await scraper.GetAsync("/health/readiness");
        using var eventOnServingPort = await host.Client.SendAsync(EventMessages.Post(ContentMode.Binary, EventMessages.Event(EchoHandler.Echo)));

        Assert.Equal(200, (int)onMetricsPort.StatusCode);
        Assert.Contains("kabin_", await onMetricsPort.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(404, (int)onServingPort.StatusCode);
        Assert.Equal(404, (int)eventOnMetricsPort.StatusCode);
        Assert.Equal(404, (int)readinessOnMetricsPort.StatusCode);
        Assert.Equal(200, (int)eventOnServingPort.StatusCode);
    }
}
