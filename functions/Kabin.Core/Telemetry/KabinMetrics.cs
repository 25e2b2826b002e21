using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Kabin.Telemetry;

/// <summary>
/// Kabin's instruments on the <c>Kabin</c> meter. Every label is from a small fixed set (webhook,
/// decision, rule, event type Kabin handles, state, operation, outcome), never a tenant, a name or
/// a caller's input, so a hostile tenant cannot grow the series. Durations are in seconds, as
/// OpenTelemetry's semantic conventions ask. Sandbox counts are transitions, not gauges: a
/// scale-to-zero pod sees only its own share of the fleet, and Prometheus sums counters across pods.
/// </summary>
public sealed partial class KabinMetrics
{
    private static readonly double[] LatencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
    private static readonly double[] StartupBuckets = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

    private readonly Counter<long> _admissionReviews;
    private readonly Histogram<double> _admissionDuration;
    private readonly Counter<long> _events;
    private readonly Histogram<double> _eventDuration;
    private readonly Counter<long> _violations;
    private readonly Counter<long> _sandboxTransitions;
    private readonly Histogram<double> _sandboxStartup;
    private readonly Histogram<double> _tickDuration;
    private readonly Counter<long> _expired;
    private readonly Gauge<long> _outboxDepth;
    private readonly Histogram<double> _clusterCalls;
    private readonly Histogram<double> _stateCalls;

    public KabinMetrics(IMeterFactory meterFactory)
        : this(CreateMeter(meterFactory))
    {
    }

    private KabinMetrics(Meter meter)
    {
        _admissionReviews = meter.CreateCounter<long>(
            "kabin.admission.reviews", "{review}", "Admission reviews answered, by webhook, decision and the first rule that denied.");
        _admissionDuration = Seconds(meter, "kabin.admission.duration", "Time to answer an admission review, by webhook and decision.", LatencyBuckets);
        _events = meter.CreateCounter<long>(
            "kabin.events", "{event}", "CloudEvents handled, by type and outcome (handled, ignored, rejected, failed).");
        _eventDuration = Seconds(meter, "kabin.event.duration", "Time to handle a CloudEvent, by type and outcome.", LatencyBuckets);
        _violations = meter.CreateCounter<long>(
            "kabin.policy.violations", "{violation}", "Policy violations found, by rule and where (admission, audit, check).");
        _sandboxTransitions = meter.CreateCounter<long>(
            "kabin.sandbox.transitions", "{sandbox}", "Sandboxes entering a state, by state.");
        _sandboxStartup = Seconds(meter, "kabin.sandbox.startup.duration", "Time from a sandbox's request to Running, by start (warm, cold).", StartupBuckets);
        _tickDuration = Seconds(meter, "kabin.reaper.tick.duration", "Time the reaper takes for one tick.", LatencyBuckets);
        _expired = meter.CreateCounter<long>(
            "kabin.reaper.expired", "{sandbox}", "Sandboxes the reaper expired.");
        _outboxDepth = meter.CreateGauge<long>(
            "kabin.outbox.depth", "{event}", "Events the last tick sent again because the sink had not taken them.");
        _clusterCalls = Seconds(meter, "kabin.cluster.call.duration", "Kubernetes API calls, by operation and, for a failed one, error type.", LatencyBuckets);
        _stateCalls = Seconds(meter, "kabin.state.call.duration", "State store calls, by operation and, for a failed one, error type.", LatencyBuckets);
    }

    /// <summary>Instruments on a meter of their own that no provider subscribes to: for handlers built without DI.</summary>
    public static KabinMetrics Unobserved { get; } = new(new Meter(KabinTelemetry.Name + ".Unobserved"));

    private static Histogram<double> Seconds(Meter meter, string name, string description, double[] buckets) =>
        meter.CreateHistogram(name, "s", description, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = buckets });

    private static Meter CreateMeter(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        return meterFactory.Create(KabinTelemetry.Name);
    }

    /// <summary>The seconds since <paramref name="startedAt"/>, a <see cref="Stopwatch"/> timestamp.</summary>
    public static double SecondsSince(long startedAt) => Stopwatch.GetElapsedTime(startedAt).TotalSeconds;
}
