namespace Kabin.State;

/// <summary>A typed value read from the state store, with the ETag to write it back.</summary>
public sealed record StateItem<T>(T Value, string ETag);
