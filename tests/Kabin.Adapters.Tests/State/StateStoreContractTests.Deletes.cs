using System.Text;

namespace Kabin.Adapters.Tests.State;

public abstract partial class StateStoreContractTests
{
    [Fact]
    public async Task Conditional_delete_with_a_stale_etag_fails_and_keeps_the_value()
    {
        await Store.SaveAsync("k", Utf8("first"), Token);
        var stale = (await Store.GetAsync("k", Token))!.ETag;
        await Store.SaveAsync("k", Utf8("second"), Token);

        var deleted = await Store.TryDeleteAsync("k", stale, Token);

        Assert.False(deleted);
        Assert.Equal("second", Encoding.UTF8.GetString((await Store.GetAsync("k", Token))!.Value.Span));
    }

    [Fact]
    public async Task Conditional_delete_with_the_current_etag_removes_the_key()
    {
        await Store.SaveAsync("k", Utf8("v"), Token);
        var current = (await Store.GetAsync("k", Token))!.ETag;

        var deleted = await Store.TryDeleteAsync("k", current, Token);

        Assert.True(deleted);
        Assert.Null(await Store.GetAsync("k", Token));
    }

    [Fact]
    public async Task Delete_removes_the_key_and_deleting_it_again_is_fine()
    {
        await Store.SaveAsync("k", Utf8("v"), Token);

        await Store.DeleteAsync("k", Token);
        await Store.DeleteAsync("k", Token);

        Assert.Null(await Store.GetAsync("k", Token));
    }
}
