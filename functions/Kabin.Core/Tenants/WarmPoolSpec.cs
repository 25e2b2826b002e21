namespace Kabin.Tenants;

/// <summary>One entry of a tenant spec's <c>warmPools</c>, as sent.</summary>
public sealed record WarmPoolSpec
{
    public string? Name { get; init; }

    public string? RuntimeClass { get; init; }

    public string? Cpu { get; init; }

    public string? Memory { get; init; }

    public string? Image { get; init; }

    public int? Replicas { get; init; }

    /// <summary><c>OnReplenish</c> (default) or <c>Recreate</c>.</summary>
    public string? UpdateStrategy { get; init; }
}
