using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Kabin.LocalCluster;

/// <summary>One exec WebSocket: writes channel frames one at a time, reads stdin frames and v5 close signals.</summary>
internal sealed class ExecSession(WebSocket socket) : IDisposable
{
    private const byte Stdin = 0;
    private const byte Error = 3;
    private const byte CloseSignal = 255;
    private readonly SemaphoreSlim _sending = new(1, 1);

    public async Task PumpOutputAsync(Stream source, byte channel, CancellationToken cancellationToken)
    {
        var buffer = new byte[32 * 1024];
        buffer[0] = channel;
        int read;
        while ((read = await source.ReadAsync(buffer.AsMemory(1, buffer.Length - 1), cancellationToken)) > 0)
        {
            await SendAsync(buffer.AsMemory(0, read + 1), cancellationToken);
        }
    }

    public async Task PumpInputAsync(StreamWriter stdin, CancellationToken cancellationToken)
    {
        var buffer = new byte[32 * 1024];
        var stream = stdin.BaseStream;
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                using var message = new MemoryStream();
                WebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer, cancellationToken);
                    message.Write(buffer, 0, result.Count);
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                var frame = message.ToArray();
                if (frame.Length >= 2 && frame[0] == CloseSignal && frame[1] == Stdin)
                {
                    break;
                }

                if (frame.Length > 1 && frame[0] == Stdin)
                {
                    await stream.WriteAsync(frame.AsMemory(1), cancellationToken);
                    await stream.FlushAsync(cancellationToken);
                }
            }
        }
        catch (Exception error) when (error is WebSocketException or IOException or OperationCanceledException)
        {
            // The client went away or the command ended: stdin closes below either way.
        }
        finally
        {
            stdin.Close();
        }
    }

    /// <summary>Sends the exit Status on the error channel and closes the socket.</summary>
    public async Task FinishAsync(JsonObject status, CancellationToken cancellationToken)
    {
        var payload = Encoding.UTF8.GetBytes(status.ToJsonString());
        var frame = new byte[payload.Length + 1];
        frame[0] = Error;
        payload.CopyTo(frame, 1);
        try
        {
            await SendAsync(frame, cancellationToken);
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, string.Empty, cancellationToken);
        }
        catch (WebSocketException)
        {
            // The client left before the status: nothing else to tell it.
        }
    }

    private async Task SendAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        await _sending.WaitAsync(cancellationToken);
        try
        {
            await socket.SendAsync(frame, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);
        }
        finally
        {
            _sending.Release();
        }
    }

    public void Dispose() => _sending.Dispose();
}
