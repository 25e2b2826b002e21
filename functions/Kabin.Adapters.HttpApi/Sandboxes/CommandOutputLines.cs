using System.Buffers;
using System.Text;
using System.Text.Json;
using Kabin.Cluster;
using Kabin.Sandboxes.Work;
using Microsoft.AspNetCore.Http;

namespace Kabin.Adapters.HttpApi.Sandboxes;

/// <summary>
/// A command's output as NDJSON: <c>{"stdout": …}</c> and <c>{"stderr": …}</c> per chunk, flushed at
/// once, then one line with the exit code (or <c>error</c>). A character split between two chunks
/// is decoded whole, in the later one.
/// </summary>
internal sealed class CommandOutputLines(HttpResponse response)
{
    private readonly Decoder _stdout = Encoding.UTF8.GetDecoder();
    private readonly Decoder _stderr = Encoding.UTF8.GetDecoder();

    public async ValueTask WriteAsync(PodExecChannel channel, ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
    {
        var decoder = channel == PodExecChannel.Stdout ? _stdout : _stderr;
        var text = new char[decoder.GetCharCount(chunk.Span, flush: false)];
        decoder.GetChars(chunk.Span, text, flush: false);
        if (text.Length > 0)
        {
            await WriteLineAsync(writer => writer.WriteString(channel == PodExecChannel.Stdout ? "stdout" : "stderr", text), cancellationToken).ConfigureAwait(false);
        }
    }

    public Task EndAsync(SandboxCommandResult? result, string? error, CancellationToken cancellationToken) =>
        WriteLineAsync(writer =>
        {
            if (result is null)
            {
                writer.WriteString("error", error);
                return;
            }

            writer.WriteNumber("exitCode", result.ExitCode);
            writer.WriteBoolean("truncated", result.Truncated);
            writer.WriteBoolean("timedOut", result.TimedOut);
            writer.WriteNumber("durationMs", result.DurationMs);
        }, cancellationToken);

    private async Task WriteLineAsync(Action<Utf8JsonWriter> write, CancellationToken cancellationToken)
    {
        if (!response.HasStarted)
        {
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = SandboxWorkEndpoints.NdjsonType;
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        buffer.Write("\n"u8);
        await response.Body.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
