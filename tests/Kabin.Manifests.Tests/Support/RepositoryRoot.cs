namespace Kabin.Manifests.Tests.Support;

/// <summary>The repository the tests run in: the first folder above the test binaries that holds Functions.sln.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> s_path = new(Find);

    public static string Path => s_path.Value;

    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "Functions.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException(
            $"No Functions.sln above {AppContext.BaseDirectory}; run the tests from inside the repository.");
    }
}
