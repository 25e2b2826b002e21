namespace Kabin.Adapters.CloudEvents;

/// <summary>The functions a host was told to serve (<c>KABIN_FUNCTIONS</c>), reported by readiness.</summary>
public sealed record ServedFunctions(IReadOnlySet<string> Names);
