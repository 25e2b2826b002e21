namespace Kabin.State;

/// <summary>A stored value with the ETag that a conditional write or delete must present.</summary>
public sealed record StateEntry(string Key, ReadOnlyMemory<byte> Value, string ETag);
