namespace Kabin.Adapters.CloudEvents;

/// <summary>Limits of the CloudEvents HTTP endpoint (section <c>Kabin:Http</c>).</summary>
public sealed class CloudEventsHttpOptions
{
    public const string SectionName = "Kabin:Http";

    /// <summary>The largest request body accepted; larger requests are answered 413. Default 1 MiB.</summary>
    public long MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>The most events one batched request may carry; more are answered 413.</summary>
    public int MaxBatchLength { get; set; } = 1000;

    /// <summary>The total size of all request headers; Kestrel answers 431 beyond it.</summary>
    public int MaxRequestHeadersTotalSize { get; set; } = 32 * 1024;

    /// <summary>The <c>Retry-After</c> seconds sent with a 503 for a transient failure.</summary>
    public int RetryAfterSeconds { get; set; } = 5;
}
