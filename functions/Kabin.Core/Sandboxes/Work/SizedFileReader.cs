using System.Buffers.Text;
using Kabin.Cluster;

namespace Kabin.Sandboxes.Work;

/// <summary>
/// Reads what <see cref="SandboxScripts.Get"/> prints: the size on a first line, then the bytes.
/// Once the line is read the destination is opened for that size, and no more than that many
/// bytes are passed on, whatever the sandbox sends.
/// </summary>
internal sealed class SizedFileReader(Func<long, CancellationToken, ValueTask<Stream>> open)
{
    private const int MaxSizeLine = 24;
    private readonly byte[] _line = new byte[MaxSizeLine];
    private int _lineLength;
    private Stream? _destination;
    private long _left;

    public bool Opened => _destination is not null;

    public bool Complete => Opened && _left == 0;

    public async ValueTask WriteAsync(PodExecChannel channel, ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
    {
        if (_destination is null)
        {
            var end = chunk.Span.IndexOf((byte)'\n');
            var head = end < 0 ? chunk : chunk[..end];
            if (_lineLength + head.Length > MaxSizeLine)
            {
                throw new TransientFailureException("The sandbox did not begin the file with its size.");
            }

            head.CopyTo(_line.AsMemory(_lineLength));
            _lineLength += head.Length;
            if (end < 0)
            {
                return;
            }

            if (!Utf8Parser.TryParse(_line.AsSpan(0, _lineLength).Trim((byte)' '), out long size, out var used) || used == 0 || size < 0)
            {
                throw new TransientFailureException("The sandbox did not begin the file with its size.");
            }

            _left = size;
            _destination = await open(size, cancellationToken).ConfigureAwait(false);
            chunk = chunk[(end + 1)..];
        }

        var passed = chunk[..(int)Math.Min(chunk.Length, _left)];
        if (!passed.IsEmpty)
        {
            await _destination.WriteAsync(passed, cancellationToken).ConfigureAwait(false);
            _left -= passed.Length;
        }
    }
}
