using Kabin.Host.Tests.Support;
using Kabin.TestDoubles.Otlp;

namespace Kabin.Host.Tests.Telemetry;

[Collection(nameof(TelemetryTestsRunAlone))]
public sealed class OtlpExportTests
{
    private const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string ParentSpan = "00f067aa0ba902b7";

    private static Task<RunningHost> StartExportingAsync(OtlpCollector collector, params string[] extra) =>
        RunningHost.StartAsync(
        [
            $"--OTEL_EXPORTER_OTLP_ENDPOINT={collector.Endpoint.ToString().TrimEnd('/')}",
            "--OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf",
            "--OTEL_BSP_SCHEDULE_DELAY=100",
            "--OTEL_METRIC_EXPORT_INTERVAL=200",
            "--K_SERVICE=kabin-tenant",
            .. extra,
        ]);

    [Fact]
    public async Task Spans_go_out_over_OTLP_continuing_the_events_traceparent_with_a_child_per_state_and_cluster_call()
    {
        await using var collector = await OtlpCollector.StartAsync();
        await using var host = await StartExportingAsync(collector);

        await Telemetry.CreateTenantAsync(host.Client, "acme", $"00-{TraceId}-{ParentSpan}-01");

        var spans = await collector.WaitForSpansAsync(
            received => received.Any(span => span.Name == "kabin.event.process")
                && received.Any(span => span.Name == "kabin.cluster apply")
                && received.Any(span => span.Name.StartsWith("kabin.state ", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(20));
        var eventSpan = Assert.Single(spans, span => span.Name == "kabin.event.process");
        Assert.Equal(TraceId, eventSpan.TraceId);
        Assert.Equal(ParentSpan, eventSpan.ParentSpanId);
        Assert.Equal(5, eventSpan.Kind); // SPAN_KIND_CONSUMER
        Assert.Equal("kabin-tenant", eventSpan.Service);
        var calls = spans.Where(span => span.Name.StartsWith("kabin.cluster ", StringComparison.Ordinal) || span.Name.StartsWith("kabin.state ", StringComparison.Ordinal)).ToArray();
        Assert.All(calls, call => Assert.Equal(TraceId, call.TraceId));
        Assert.All(calls, call => Assert.Equal(3, call.Kind)); // SPAN_KIND_CLIENT
        // Each call's parent chain leads to the event's span.
        var byId = spans.ToDictionary(span => span.SpanId);
        Assert.All(calls, call =>
        {
            var parent = call.ParentSpanId;
            while (parent != eventSpan.SpanId && byId.TryGetValue(parent, out var up))
            {
                parent = up.ParentSpanId;
            }

            Assert.Equal(eventSpan.SpanId, parent);
        });
    }

    [Fact]
    public async Task Metrics_go_out_over_OTLP_with_their_units()
    {
        await using var collector = await OtlpCollector.StartAsync();
        await using var host = await StartExportingAsync(collector);

        await Telemetry.CreateTenantAsync(host.Client, "acme");

        var metrics = await collector.WaitForMetricsAsync(
            received => received.Any(metric => metric.Name == "kabin.events") && received.Any(metric => metric.Name == "kabin.state.call.duration"),
            TimeSpan.FromSeconds(20));
        var events = metrics.First(metric => metric.Name == "kabin.events");
        Assert.Equal(("{event}", "sum", "Kabin", "kabin-tenant"), (events.Unit, events.Kind, events.Scope, events.Service));
        var stateCalls = metrics.First(metric => metric.Name == "kabin.state.call.duration");
        Assert.Equal(("s", "histogram"), (stateCalls.Unit, stateCalls.Kind));
    }

    [Fact]
    public async Task Nothing_is_exported_when_the_SDK_is_disabled()
    {
        await using var collector = await OtlpCollector.StartAsync();
        await using var host = await StartExportingAsync(collector, "--OTEL_SDK_DISABLED=true");

        await Telemetry.CreateTenantAsync(host.Client, "acme");
        // The exporters flush every 100 and 200 ms: a second is five rounds of nothing.
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.Empty(collector.Spans);
        Assert.Empty(collector.Metrics);
    }
}
