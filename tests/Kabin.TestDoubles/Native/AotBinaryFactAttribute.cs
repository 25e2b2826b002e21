using Xunit;

namespace Kabin.TestDoubles.Native;

/// <summary>
/// A fact that runs only when <c>KABIN_AOT_BINARY</c> names the published native binary; otherwise
/// it is reported as skipped with the reason, never as a silent pass.
/// </summary>
public sealed class AotBinaryFactAttribute : FactAttribute
{
    public const string Variable = "KABIN_AOT_BINARY";

    public AotBinaryFactAttribute()
    {
        var path = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(path))
        {
            Skip = $"{Variable} is not set: publish with `dotnet publish functions/Kabin.Host -c Release -r linux-x64` and set {Variable} to the kabin binary to run this test.";
        }
        else if (!File.Exists(path))
        {
            Skip = $"{Variable} points at '{path}', which does not exist.";
        }
    }

    public static string BinaryPath => Environment.GetEnvironmentVariable(Variable)!;
}
