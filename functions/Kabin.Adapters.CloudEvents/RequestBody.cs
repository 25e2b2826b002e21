using System.Buffers;

namespace Kabin.Adapters.CloudEvents;

/// <summary>
/// A request body read into one buffer: rented from the shared pool up to
/// <see cref="MaxPooledBytes"/> (the everyday sizes leave no garbage), of the declared length above
/// it (one array, no doubling copies). Large buffers are not pooled on purpose: the shared pool keeps
/// an array per thread and per core, which after a flood of large requests would hold megabytes for
/// good. Dispose it once the body has been decoded; decoders must copy what they keep (the
/// CloudEvents formatter clones JSON data, <c>JsonNode.Parse</c> copies its span) or take the bytes
/// over with <see cref="Detach"/>.
/// </summary>
public sealed class RequestBody : IDisposable
{
    /// <summary>Bodies above this are read into an array of their own: the pool is for the everyday sizes.</summary>
    public const int MaxPooledBytes = 64 * 1024;

    private const int FirstChunkBytes = 16 * 1024;

    private byte[]? _buffer;

    private RequestBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    public int Length { get; }

    public ReadOnlyMemory<byte> Memory => (_buffer ?? throw new ObjectDisposedException(nameof(RequestBody))).AsMemory(0, Length);

    public bool IsEmpty => Length == 0;

    /// <summary>Reads <paramref name="body"/> to its end, throwing <paramref name="tooLarge"/> past <paramref name="limit"/> bytes.</summary>
    public static async Task<RequestBody> ReadAsync(Stream body, long? declaredLength, int limit, Func<Exception> tooLarge, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(tooLarge);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(limit, Array.MaxLength);
        if (declaredLength > limit)
        {
            throw tooLarge();
        }

        // One byte past the limit is all it takes to know a body is too large.
        var most = limit + 1;
        var buffer = Rent((int)Math.Min(most, declaredLength is { } declared ? declared + 1 : FirstChunkBytes));
        var length = 0;
        try
        {
            while (true)
            {
                var room = Math.Min(buffer.Length, most);
                if (length == room)
                {
                    buffer = Grow(buffer, length, Math.Min(room * 2L, most));
                    room = Math.Min(buffer.Length, most);
                }

                var read = await body.ReadAsync(buffer.AsMemory(length, room - length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return new RequestBody(buffer, length);
                }

                length += read;
                if (length > limit)
                {
                    throw tooLarge();
                }
            }
        }
        catch
        {
            Return(buffer);
            throw;
        }
    }

    /// <summary>
    /// The bytes as memory the caller keeps: a body's own array is handed over without a copy (the
    /// pool never sees it again), a pooled buffer is copied and returned.
    /// </summary>
    public ReadOnlyMemory<byte> Detach()
    {
        var buffer = _buffer ?? throw new ObjectDisposedException(nameof(RequestBody));
        _buffer = null;
        if (!IsPooled(buffer))
        {
            return buffer.AsMemory(0, Length);
        }

        var copy = buffer.AsSpan(0, Length).ToArray();
        Return(buffer);
        return copy;
    }

    public void Dispose()
    {
        if (_buffer is { } buffer)
        {
            Return(buffer);
        }

        _buffer = null;
    }

    private static bool IsPooled(byte[] buffer) => buffer.Length <= MaxPooledBytes;

    private static byte[] Rent(int size) => size <= MaxPooledBytes ? ArrayPool<byte>.Shared.Rent(size) : new byte[size];

    private static void Return(byte[] buffer)
    {
        if (IsPooled(buffer))
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static byte[] Grow(byte[] buffer, int length, long size)
    {
        var next = Rent((int)size);
        buffer.AsSpan(0, length).CopyTo(next);
        Return(buffer);
        return next;
    }
}
