using System.Globalization;

namespace Kabin.Manifests.Tests.Support;

/// <summary>Reading YAML scalars (all strings here) as numbers, failing with what was missing.</summary>
public static class Scalars
{
    public static int Number(string? text, string what)
    {
        Assert.True(int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number), $"{what} is '{text}', not a whole number.");
        return number;
    }
}
