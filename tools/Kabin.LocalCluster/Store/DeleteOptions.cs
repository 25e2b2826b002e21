namespace Kabin.LocalCluster;

/// <summary>What a DELETE asks for: a grace period, how dependents go, preconditions, dry run.</summary>
public sealed record DeleteOptions(long? GracePeriodSeconds = null, string? PropagationPolicy = null, string? Uid = null, string? ResourceVersion = null, bool DryRun = false);
