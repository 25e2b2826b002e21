using System.Buffers;
using System.Text;

namespace Kabin.Sandboxes.Work;

/// <summary>The first bytes of one output stream, up to a limit; whatever comes after is counted and dropped.</summary>
internal sealed class BoundedOutput(int limit)
{
    private readonly ArrayBufferWriter<byte> _kept = new();

    public bool Truncated { get; private set; }

    /// <summary>The part of <paramref name="chunk"/> that fits, kept; what did not fit marks the output truncated.</summary>
    public ReadOnlyMemory<byte> Take(ReadOnlyMemory<byte> chunk)
    {
        var room = Math.Max(0, limit - _kept.WrittenCount);
        var fits = chunk[..Math.Min(room, chunk.Length)];
        Truncated |= fits.Length < chunk.Length;
        _kept.Write(fits.Span);
        return fits;
    }

    public ReadOnlySpan<byte> Bytes => _kept.WrittenSpan;

    public string Text => Encoding.UTF8.GetString(Bytes);
}
