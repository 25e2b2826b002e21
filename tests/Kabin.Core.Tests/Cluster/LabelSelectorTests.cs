using Kabin.Cluster;

namespace Kabin.Core.Tests.Cluster;

public sealed class LabelSelectorTests
{
    private static readonly Dictionary<string, string> Labels = new()
    {
        ["kabin.dev/tenant"] = "acme",
        ["kabin.dev/sandbox"] = "build-42",
    };

    [Theory]
    [InlineData("kabin.dev/tenant=acme", true)]
    [InlineData("kabin.dev/tenant==acme", true)]
    [InlineData("kabin.dev/tenant=other", false)]
    [InlineData("kabin.dev/tenant!=other", true)]
    [InlineData("kabin.dev/tenant!=acme", false)]
    [InlineData("kabin.dev/sandbox", true)]
    [InlineData("!kabin.dev/sandbox", false)]
    [InlineData("!missing", true)]
    [InlineData("missing", false)]
    [InlineData("kabin.dev/tenant=acme,kabin.dev/sandbox", true)]
    [InlineData("kabin.dev/tenant=acme,missing", false)]
    [InlineData("", true)]
    public void Matches_like_the_api_server(string selector, bool expected) =>
        Assert.Equal(expected, LabelSelector.Parse(selector).Matches(Labels));
}
