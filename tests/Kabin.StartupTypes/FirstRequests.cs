namespace Kabin.StartupTypes;

/// <summary>What a function's pod receives first: Knative's readiness probe, then a typical event per kind it serves.</summary>
public static class FirstRequests
{
    public sealed record Request(string Path, string? EventType, string? BodyFile);

    public static IReadOnlyDictionary<string, Request[]> ByFunction { get; } = new Dictionary<string, Request[]>
    {
        ["tenant"] = [Readiness, new("/", "dev.kabin.tenant.created", "tenant.json")],
        ["policy"] =
        [
            Readiness,
            new("/", "dev.kabin.policy.check.requested", "check.json"),
            new("/admission/validate", null, "admission-review.json"),
            new("/admission/mutate", null, "admission-review.json"),
        ],
        ["sandbox"] = [Readiness, new("/", "dev.kabin.sandbox.requested", "sandbox.json")],
    };

    private static Request Readiness => new("/health/readiness", null, null);
}
