using System.Text;
using Kabin.State;

namespace Kabin.Adapters.Tests.State;

/// <summary>
/// The state port's contract (Dapr semantics), run against every implementation.
/// </summary>
public abstract partial class StateStoreContractTests : IAsyncLifetime, IDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));
    private IStateStore? _store;

    protected IStateStore Store => _store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    protected CancellationToken Token => _timeout.Token;

    public async Task InitializeAsync() => _store = await CreateStoreAsync();

    public Task DisposeAsync() => DisposeStoreAsync();

    public void Dispose()
    {
        _timeout.Dispose();
        GC.SuppressFinalize(this);
    }

    protected abstract Task<IStateStore> CreateStoreAsync();

    protected abstract Task DisposeStoreAsync();

    protected static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public async Task Get_of_a_missing_key_returns_null()
    {
        var entry = await Store.GetAsync("tenants/nobody", Token);

        Assert.Null(entry);
    }

    [Fact]
    public async Task Saved_value_reads_back_with_an_etag()
    {
        await Store.SaveAsync("tenants/acme", Utf8("{\"name\":\"acme\"}"), Token);

        var entry = await Store.GetAsync("tenants/acme", Token);

        Assert.NotNull(entry);
        Assert.Equal("tenants/acme", entry.Key);
        Assert.Equal("{\"name\":\"acme\"}", Encoding.UTF8.GetString(entry.Value.Span));
        Assert.False(string.IsNullOrEmpty(entry.ETag));
    }

    [Fact]
    public async Task Every_write_changes_the_etag()
    {
        await Store.SaveAsync("k", Utf8("1"), Token);
        var first = (await Store.GetAsync("k", Token))!.ETag;
        await Store.SaveAsync("k", Utf8("1"), Token);
        var second = (await Store.GetAsync("k", Token))!.ETag;
        Assert.True(await Store.TrySaveAsync("k", Utf8("1"), second, Token));
        var third = (await Store.GetAsync("k", Token))!.ETag;

        Assert.Equal(3, new HashSet<string> { first, second, third }.Count);
    }

    [Fact]
    public async Task Conditional_write_with_the_current_etag_succeeds()
    {
        await Store.SaveAsync("k", Utf8("old"), Token);
        var current = await Store.GetAsync("k", Token);

        var saved = await Store.TrySaveAsync("k", Utf8("new"), current!.ETag, Token);

        Assert.True(saved);
        Assert.Equal("new", Encoding.UTF8.GetString((await Store.GetAsync("k", Token))!.Value.Span));
    }

    [Fact]
    public async Task Conditional_write_with_a_stale_etag_fails_and_keeps_the_winner()
    {
        await Store.SaveAsync("k", Utf8("first"), Token);
        var stale = (await Store.GetAsync("k", Token))!.ETag;
        await Store.SaveAsync("k", Utf8("winner"), Token);

        var saved = await Store.TrySaveAsync("k", Utf8("loser"), stale, Token);

        Assert.False(saved);
        Assert.Equal("winner", Encoding.UTF8.GetString((await Store.GetAsync("k", Token))!.Value.Span));
    }

    [Fact]
    public async Task Conditional_write_on_a_deleted_key_fails_and_does_not_recreate_it()
    {
        await Store.SaveAsync("k", Utf8("v"), Token);
        var etag = (await Store.GetAsync("k", Token))!.ETag;
        await Store.DeleteAsync("k", Token);

        var saved = await Store.TrySaveAsync("k", Utf8("again"), etag, Token);

        Assert.False(saved);
        Assert.Null(await Store.GetAsync("k", Token));
    }

    [Fact]
    public async Task Conditional_write_of_a_key_never_written_fails_and_creates_nothing()
    {
        var saved = await Store.TrySaveAsync("never-written", Utf8("v"), "1", Token);

        Assert.False(saved);
        Assert.Null(await Store.GetAsync("never-written", Token));
    }

    [Fact]
    public async Task Conditional_write_with_an_empty_etag_fails_and_keeps_the_value()
    {
        await Store.SaveAsync("k", Utf8("kept"), Token);

        var saved = await Store.TrySaveAsync("k", Utf8("overwritten"), string.Empty, Token);

        Assert.False(saved);
        Assert.Equal("kept", Encoding.UTF8.GetString((await Store.GetAsync("k", Token))!.Value.Span));
    }

    [Fact]
    public async Task Conditional_write_and_delete_with_a_malformed_etag_fail_and_keep_the_value()
    {
        await Store.SaveAsync("k", Utf8("kept"), Token);

        var saved = await Store.TrySaveAsync("k", Utf8("overwritten"), "not-an-etag", Token);
        var deleted = await Store.TryDeleteAsync("k", "not-an-etag", Token);

        Assert.False(saved);
        Assert.False(deleted);
        Assert.Equal("kept", Encoding.UTF8.GetString((await Store.GetAsync("k", Token))!.Value.Span));
    }
}
