using Kabin.Adapters.CloudEvents;

namespace Kabin.Adapters.Tests.CloudEventsHttp;

public sealed class RequestBodyTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(16 * 1024)]
    [InlineData(16 * 1024 + 1)]
    [InlineData(700_000)]
    [InlineData(3 * 1024 * 1024)]
    public async Task A_body_is_read_whole_and_byte_identical_whether_or_not_its_length_is_declared(int size)
    {
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);

        foreach (var declared in new long?[] { size, null })
        {
            using var body = await RequestBody.ReadAsync(new TrickleStream(bytes, 7000), declared, 8 * 1024 * 1024, Refused, CancellationToken.None);

            Assert.Equal(size, body.Length);
            Assert.True(body.Memory.Span.SequenceEqual(bytes));
        }
    }

    [Theory]
    [InlineData(10)]
    [InlineData(RequestBody.MaxPooledBytes)]
    [InlineData(RequestBody.MaxPooledBytes * 3)]
    public async Task A_detached_body_keeps_its_bytes_and_the_body_can_no_longer_be_read(int size)
    {
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        var body = await RequestBody.ReadAsync(new MemoryStream(bytes), size, 8 * 1024 * 1024, Refused, CancellationToken.None);

        var kept = body.Detach();
        body.Dispose();

        Assert.True(kept.Span.SequenceEqual(bytes));
        Assert.Throws<ObjectDisposedException>(() => body.Memory);
        Assert.Throws<ObjectDisposedException>(() => body.Detach());
    }

    [Fact]
    public async Task Exactly_the_limit_is_read_and_one_byte_more_is_refused()
    {
        using var atLimit = await RequestBody.ReadAsync(new MemoryStream(new byte[1000]), null, 1000, Refused, CancellationToken.None);
        Assert.Equal(1000, atLimit.Length);

        await Assert.ThrowsAsync<InvalidDataException>(() => RequestBody.ReadAsync(new MemoryStream(new byte[1001]), null, 1000, Refused, CancellationToken.None));
        await Assert.ThrowsAsync<InvalidDataException>(() => RequestBody.ReadAsync(new MemoryStream(new byte[1]), 1001, 1000, Refused, CancellationToken.None));
    }

    [Fact]
    public async Task A_sender_that_declares_a_short_length_and_sends_more_is_still_stopped_at_the_limit()
    {
        var stream = new TrickleStream(new byte[5 * 1024 * 1024], 64 * 1024);

        await Assert.ThrowsAsync<InvalidDataException>(() => RequestBody.ReadAsync(stream, 10, 1024 * 1024, Refused, CancellationToken.None));

        // It stopped reading one byte past the limit, not at the end of what was sent.
        Assert.True(stream.Position <= 1024 * 1024 + 64 * 1024, $"read {stream.Position} bytes");
    }

    [Fact]
    public async Task A_disposed_body_cannot_be_read_again()
    {
        var body = await RequestBody.ReadAsync(new MemoryStream([1, 2, 3]), 3, 100, Refused, CancellationToken.None);
        body.Dispose();
        body.Dispose();

        Assert.Throws<ObjectDisposedException>(() => body.Memory);
    }

    private static Exception Refused() => new InvalidDataException("too large");

    /// <summary>Hands out at most <c>chunk</c> bytes per read, as a socket does.</summary>
    private sealed class TrickleStream(byte[] bytes, int chunk) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
    }
}
