namespace Kabin.Core.Tests.Policy;

/// <summary>
/// Finds the shared fixtures: <c>KABIN_SHARED_DIR</c>, else <c>../shared</c> beside the folder that
/// holds Functions.sln, found by walking up from the test binaries.
/// </summary>
internal static class SharedFixtures
{
    public static string? Directory { get; } = Locate();

    public static string? PodSecurity =>
        Directory is { } shared && System.IO.Directory.Exists(Path.Combine(shared, "conformance", "pod-security"))
            ? Path.Combine(shared, "conformance", "pod-security")
            : null;

    private static string? Locate()
    {
        if (Environment.GetEnvironmentVariable("KABIN_SHARED_DIR") is { Length: > 0 } configured)
        {
            return configured;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Functions.sln")))
            {
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared"));
            }
        }

        return null;
    }
}
