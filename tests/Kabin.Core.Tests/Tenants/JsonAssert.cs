using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kabin.Tests.Tenants;

/// <summary>Compares JSON with an expected file in testdata/tenants, showing both documents on a mismatch.</summary>
internal static class JsonAssert
{
    private static readonly JsonSerializerOptions Indented = new(KabinJsonContext.Default.Options) { WriteIndented = true };

    public static void EqualsFixture(string fixture, JsonNode? actual)
    {
        var expected = JsonNode.Parse(TenantFunctionFixture.Fixture(fixture));
        if (!JsonNode.DeepEquals(expected, actual))
        {
            var actualText = actual?.ToJsonString(Indented) ?? "null";
            var written = Path.Combine(Path.GetTempPath(), "kabin-tenant-actual", fixture);
            Directory.CreateDirectory(Path.GetDirectoryName(written)!);
            File.WriteAllText(written, actualText);
            Assert.Fail($"JSON differs from testdata/tenants/{fixture} (actual written to {written}):\n{actualText}");
        }
    }
}
