using Kabin.Events;

namespace Kabin.Core.Tests.Events;

public sealed class KabinFunctionsTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Empty_selection_means_every_function(string? selection) =>
        Assert.Equal(["policy", "sandbox", "tenant"], KabinFunctions.Parse(selection).Order());

    [Fact]
    public void Selection_is_trimmed_and_case_insensitive() =>
        Assert.Equal(["policy", "tenant"], KabinFunctions.Parse(" Tenant , policy,").Order());

    [Fact]
    public void Unknown_function_is_refused_with_the_valid_names()
    {
        var error = Assert.Throws<ArgumentException>(() => KabinFunctions.Parse("tenant,billing"));

        Assert.Contains("billing", error.Message, StringComparison.Ordinal);
        Assert.Contains("tenant, policy, sandbox", error.Message, StringComparison.Ordinal);
    }
}
