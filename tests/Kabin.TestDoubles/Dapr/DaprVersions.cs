namespace Kabin.TestDoubles.Dapr;

/// <summary>How the sidecar double's store numbers versions (its ETags).</summary>
public enum DaprVersions
{
    /// <summary>One counter for the whole store: no ETag is ever given twice.</summary>
    Global,

    /// <summary>One counter per key, as Dapr's Redis store keeps it: a deleted key starts again at 1.</summary>
    PerKey,
}
