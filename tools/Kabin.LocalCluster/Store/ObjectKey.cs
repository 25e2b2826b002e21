namespace Kabin.LocalCluster;

/// <summary>Where the store keeps one object: its resource, namespace (null when cluster-scoped) and name.</summary>
public sealed record ObjectKey(ApiResource Resource, string? Namespace, string Name);
