using Kabin.State;

namespace Kabin.Core.Tests.Events;

public sealed class PageTokenTests
{
    private static readonly string[] Names = ["alpha", "bravo", "charlie", "delta"];

    [Fact]
    public void A_token_round_trips_a_name_and_refuses_what_is_no_name()
    {
        Assert.Equal("bravo", PageToken.Decode(PageToken.Encode("bravo")));
        Assert.Null(PageToken.Decode(PageToken.Encode("../beta")));
        Assert.Null(PageToken.Decode(PageToken.Encode(new string('a', 64))));
        Assert.Null(PageToken.Decode("%%%"));
        Assert.Null(PageToken.Decode(new string('A', 300)));
        Assert.Null(PageToken.Decode(string.Empty));
    }

    [Theory]
    [InlineData(null, 2, "alpha,bravo", true)]
    [InlineData("bravo", 2, "charlie,delta", false)]
    [InlineData("bravo", 5, "charlie,delta", false)]
    [InlineData("bz", 1, "charlie", true)]
    [InlineData("delta", 3, "", false)]
    [InlineData("aaa", 4, "alpha,bravo,charlie,delta", false)]
    public void A_page_starts_after_the_token_name_whether_or_not_that_name_is_still_there(string? after, int limit, string expected, bool more)
    {
        var (page, hasMore) = PageToken.Slice(Names, after, limit);

        Assert.Equal(expected, string.Join(',', page));
        Assert.Equal(more, hasMore);
    }
}
