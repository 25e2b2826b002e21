namespace Kabin.Host.Tests.Telemetry;

/// <summary>
/// The telemetry tests count exact measurements on the <c>Kabin</c> meter, which every host in
/// this process creates: they run alone, so that no other test's host adds to what they count.
/// </summary>
[CollectionDefinition(nameof(TelemetryTestsRunAlone), DisableParallelization = true)]
public sealed class TelemetryTestsRunAlone;
