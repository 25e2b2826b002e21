using System.Diagnostics;

namespace Kabin.Telemetry;

public sealed partial class KabinMetrics
{
    public void AdmissionReviewed(string webhook, string decision, string? rule, double seconds)
    {
        var tags = new TagList { { "webhook", webhook }, { "decision", decision } };
        _admissionDuration.Record(seconds, tags);
        if (rule is not null)
        {
            tags.Add("rule", rule);
        }

        _admissionReviews.Add(1, tags);
    }

    /// <summary><paramref name="type"/> must be one Kabin handles (or <c>other</c>): it becomes a label.</summary>
    public void EventHandled(string type, string outcome, double seconds)
    {
        var tags = new TagList { { "type", type }, { "outcome", outcome } };
        _events.Add(1, tags);
        _eventDuration.Record(seconds, tags);
    }

    /// <summary>Counts each of <paramref name="violations"/> by its rule.</summary>
    public void ViolationsFound(IEnumerable<Policy.PolicyViolation> violations, string where)
    {
        ArgumentNullException.ThrowIfNull(violations);
        foreach (var violation in violations)
        {
            _violations.Add(1, new TagList { { "rule", violation.Rule }, { "where", where } });
        }
    }

    public void SandboxEntered(string state) => _sandboxTransitions.Add(1, new TagList { { "state", state } });

    public void SandboxStarted(bool warm, TimeSpan sinceRequest) =>
        _sandboxStartup.Record(Math.Max(0, sinceRequest.TotalSeconds), new TagList { { "start", warm ? "warm" : "cold" } });

    public void ReaperTicked(double seconds, int expired, int unpublished)
    {
        _tickDuration.Record(seconds);
        if (expired > 0)
        {
            _expired.Add(expired);
        }

        _outboxDepth.Record(unpublished);
    }

    public void ClusterCalled(string operation, string? errorType, double seconds) =>
        _clusterCalls.Record(seconds, CallTags(operation, errorType));

    public void StateCalled(string operation, string? errorType, double seconds) =>
        _stateCalls.Record(seconds, CallTags(operation, errorType));

    /// <summary>As OpenTelemetry's conventions have it, <c>error.type</c> only on a failed call.</summary>
    private static TagList CallTags(string operation, string? errorType)
    {
        var tags = new TagList { { "operation", operation } };
        if (errorType is not null)
        {
            tags.Add("error.type", errorType);
        }

        return tags;
    }
}
