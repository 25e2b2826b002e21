namespace Kabin.Adapters.CloudEvents;

/// <summary>How events beyond the reply are sent to <c>K_SINK</c> (section <c>Kabin:Sink</c>).</summary>
public sealed class HttpEventSinkOptions
{
    public const string SectionName = "Kabin:Sink";

    /// <summary>The sink URL; taken from <c>K_SINK</c> (the SinkBinding convention) when not set here.</summary>
    public Uri? Url { get; set; }

    /// <summary>Attempts per event, the first included, before the incoming event fails with 503.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>The wait before the second attempt; it doubles for each further attempt.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The timeout of one attempt.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
