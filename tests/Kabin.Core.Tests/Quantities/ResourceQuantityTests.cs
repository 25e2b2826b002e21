using Kabin.Quantities;

namespace Kabin.Core.Tests.Quantities;

public sealed class ResourceQuantityTests
{
    [Theory]
    [InlineData("250m", "0.250")]
    [InlineData("2", "2")]
    [InlineData("1.5", "1.5")]
    [InlineData("1Ki", "1024")]
    [InlineData("160Mi", "167772160")]
    [InlineData("4Gi", "4294967296")]
    [InlineData("1k", "1000")]
    [InlineData("2M", "2000000")]
    [InlineData("1e3", "1000")]
    [InlineData("5E-1", "0.5")]
    [InlineData("100u", "0.000100")]
    [InlineData("+3", "3")]
    public void Parses_every_kubernetes_suffix(string text, string expected) =>
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), ResourceQuantity.Parse(text).Value);

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("1.2.3")]
    [InlineData("-1")]
    [InlineData("1Zi")]
    [InlineData("1 Gi")]
    [InlineData("9999999999999999999999999999Ei")]
    [InlineData("1e99")]
    [InlineData("Gi")]
    public void Refuses_what_is_not_a_quantity(string text) =>
        Assert.False(ResourceQuantity.TryParse(text, out _));

    [Fact]
    public void Parse_error_says_how_to_write_a_quantity()
    {
        var error = Assert.Throws<FormatException>(() => ResourceQuantity.Parse("lots"));

        Assert.Contains("512Mi", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("8", "8")]
    [InlineData("8.25", "8250m")]
    [InlineData("250m", "250m")]
    [InlineData("0.0001", "1m")]
    public void Formats_cpu_in_cores_or_millicores(string text, string expected) =>
        Assert.Equal(expected, ResourceQuantity.Parse(text).ToCpuString());

    [Theory]
    [InlineData("16Gi", "16Gi")]
    [InlineData("16544Mi", "16544Mi")]
    [InlineData("1000", "1000")]
    [InlineData("2048", "2Ki")]
    public void Formats_memory_in_the_largest_exact_binary_unit(string text, string expected) =>
        Assert.Equal(expected, ResourceQuantity.Parse(text).ToMemoryString());

    [Fact]
    public void Sums_and_compares_exactly()
    {
        var total = ResourceQuantity.Parse("16Gi") + (ResourceQuantity.Parse("160Mi") * 20);

        Assert.Equal("19584Mi", total.ToMemoryString());
        Assert.True(ResourceQuantity.Parse("1500m") < ResourceQuantity.Parse("2"));
    }
}
