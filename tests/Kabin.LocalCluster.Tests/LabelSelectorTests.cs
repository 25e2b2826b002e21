namespace Kabin.LocalCluster.Tests;

/// <summary>The local cluster's own label selector parser, written from the API server's selector grammar.</summary>
public sealed class LabelSelectorTests
{
    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal) { ["app"] = "web", ["tier"] = "front", ["kabin.dev/tenant"] = "acme" };

    [Theory]
    [InlineData("", true)]
    [InlineData("app=web", true)]
    [InlineData("app==web", true)]
    [InlineData("app!=web", false)]
    [InlineData("app!=db", true)]
    [InlineData("app=web,tier=back", false)]
    [InlineData("app in (web, db)", true)]
    [InlineData("app in (db)", false)]
    [InlineData("app notin (db)", true)]
    [InlineData("app notin (web,db)", false)]
    [InlineData("missing notin (x)", true)]
    [InlineData("kabin.dev/tenant", true)]
    [InlineData("missing", false)]
    [InlineData("!missing", true)]
    [InlineData("!app", false)]
    [InlineData("app in (web),tier in (front,back),!missing", true)]
    public void Matches_as_the_api_server_does(string selector, bool expected)
    {
        Assert.Equal(expected, LabelSelector.Parse(selector).Matches(Labels));
    }

    [Theory]
    [InlineData("app in ()")]
    [InlineData("app in (web")]
    [InlineData("app in web)")]
    [InlineData("a b=c")]
    [InlineData("app=we b")]
    [InlineData(",")]
    public void A_malformed_selector_is_a_400(string selector)
    {
        var error = Assert.Throws<ApiStatusException>(() => LabelSelector.Parse(selector));

        Assert.Equal((400, "BadRequest"), (error.Code, error.Reason));
    }
}
