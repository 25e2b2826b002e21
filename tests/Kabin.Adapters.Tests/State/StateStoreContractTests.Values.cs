using System.Globalization;
using System.Text;

namespace Kabin.Adapters.Tests.State;

public abstract partial class StateStoreContractTests
{
    [Fact]
    public async Task Values_are_binary_safe()
    {
        var every = Enumerable.Range(0, 256).Select(b => (byte)b).Concat(Enumerable.Range(0, 256).Select(b => (byte)(255 - b))).ToArray();

        await Store.SaveAsync("binary", every, Token);

        Assert.Equal(every, (await Store.GetAsync("binary", Token))!.Value.ToArray());
    }

    [Fact]
    public async Task Empty_value_is_stored_and_differs_from_an_absent_key()
    {
        await Store.SaveAsync("empty", ReadOnlyMemory<byte>.Empty, Token);

        var entry = await Store.GetAsync("empty", Token);

        Assert.NotNull(entry);
        Assert.True(entry.Value.IsEmpty);
        Assert.False(string.IsNullOrEmpty(entry.ETag));
    }

    [Fact]
    public async Task A_bulk_read_returns_the_keys_that_exist_in_key_order_with_the_etags_single_reads_give()
    {
        await Store.SaveAsync("bulk/b", Utf8("b"), Token);
        await Store.SaveAsync("bulk/a", Utf8("a"), Token);
        await Store.SaveAsync("bulk/gone", Utf8("x"), Token);
        await Store.DeleteAsync("bulk/gone", Token);

        var read = await Store.GetManyAsync(["bulk/b", "bulk/missing", "bulk/a", "bulk/gone", "bulk/b"], Token);

        Assert.Equal(["bulk/b", "bulk/a"], read.Select(entry => entry.Key));
        Assert.Equal(["b", "a"], read.Select(entry => Encoding.UTF8.GetString(entry.Value.Span)));
        Assert.Equal((await Store.GetAsync("bulk/b", Token))!.ETag, read[0].ETag);
        Assert.True(await Store.TrySaveAsync("bulk/a", Utf8("a2"), read[1].ETag, Token));
        Assert.Empty(await Store.GetManyAsync([], Token));
        Assert.Empty(await Store.GetManyAsync(["bulk/none-1", "bulk/none-2"], Token));
    }

    [Fact]
    public async Task A_bulk_read_of_more_keys_than_one_statement_takes_finds_them_all()
    {
        var keys = Enumerable.Range(0, 1200).Select(i => $"many/{i:D4}").ToArray();
        foreach (var key in keys.Where((_, i) => i % 3 == 0))
        {
            await Store.SaveAsync(key, Utf8(key), Token);
        }

        var read = await Store.GetManyAsync(keys, Token);

        Assert.Equal(keys.Where((_, i) => i % 3 == 0), read.Select(entry => entry.Key));
    }

    [Fact]
    public async Task Keys_do_not_share_values()
    {
        await Store.SaveAsync("tenants/a", Utf8("a"), Token);
        await Store.SaveAsync("tenants/b", Utf8("b"), Token);

        await Store.DeleteAsync("tenants/a", Token);

        Assert.Null(await Store.GetAsync("tenants/a", Token));
        Assert.Equal("b", Encoding.UTF8.GetString((await Store.GetAsync("tenants/b", Token))!.Value.Span));
    }

    [Fact]
    public async Task Concurrent_conditional_increments_lose_no_update()
    {
        const int Writers = 8;
        const int IncrementsPerWriter = 25;
        await Store.SaveAsync("counter", Utf8("0"), Token);

        var writers = Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < IncrementsPerWriter; i++)
            {
                await IncrementAsync("counter");
            }
        }));
        await Task.WhenAll(writers);

        var final = await Store.GetAsync("counter", Token);
        Assert.Equal(Writers * IncrementsPerWriter, int.Parse(Encoding.UTF8.GetString(final!.Value.Span), CultureInfo.InvariantCulture));
    }

    private async Task IncrementAsync(string key)
    {
        while (true)
        {
            var current = await Store.GetAsync(key, Token) ?? throw new InvalidOperationException("The counter vanished.");
            var next = int.Parse(Encoding.UTF8.GetString(current.Value.Span), CultureInfo.InvariantCulture) + 1;
            if (await Store.TrySaveAsync(key, Utf8(next.ToString(CultureInfo.InvariantCulture)), current.ETag, Token))
            {
                return;
            }
        }
    }
}
