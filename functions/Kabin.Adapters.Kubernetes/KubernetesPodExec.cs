using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kabin.Cluster;
using Microsoft.Extensions.Options;

namespace Kabin.Adapters.Kubernetes;

/// <summary>
/// <c>pods/exec</c> over WebSocket with the <c>v5.channel.k8s.io</c> protocol, as kubectl 1.30+
/// speaks it: every binary message starts with its channel (0 stdin, 1 stdout, 2 stderr, 3 error),
/// a <c>255, 0</c> message closes stdin, and the error channel ends with a Status whose
/// <c>NonZeroExitCode</c> cause carries the exit code.
/// </summary>
/// <remarks>
/// KubernetesClient's <c>StreamDemuxer</c> speaks the same protocol, but its receive loop copies
/// each channel into a buffer that grows to 40 MB without waiting for the reader, and its streams
/// block a thread per read. A sandbox is the tenant's own VM and may print as fast as it likes, so
/// here the socket is read only when the previous chunk has been handed on: TCP holds the command
/// back, and memory per exec stays one receive buffer.
/// </remarks>
public sealed class KubernetesPodExec(ApiServerConnection connection, IOptions<KubernetesClusterOptions> options) : IPodExec
{
    public const string Protocol = "v5.channel.k8s.io";
    private const int ReceiveBufferBytes = 64 * 1024;
    private const int ErrorChannelLimit = 64 * 1024;
    private const byte StdinChannel = 0;
    private const byte ErrorChannel = 3;
    private const byte CloseChannel = 255;

    public async Task<int> ExecAsync(PodExecRequest request, PodExecOutput output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(output);
        var what = $"exec in pod {request.Namespace}/{request.Pod}";
        using var socket = await ConnectAsync(request, what, cancellationToken).ConfigureAwait(false);
        try
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var sending = SendStdinAsync(socket, request.Stdin, stop.Token);
            var status = await ReceiveAsync(socket, output, what, stop.Token).ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
            await IgnoreCancellation(sending).ConfigureAwait(false);
            return ExitCodeOf(status, what);
        }
        catch (WebSocketException exception)
        {
            throw new TransientFailureException($"{what}: the stream broke ({exception.WebSocketErrorCode}).", exception);
        }
        catch (IOException exception)
        {
            throw new TransientFailureException($"{what}: the connection to the API server failed.", exception);
        }
        finally
        {
            socket.Abort();
        }
    }

    private async Task<ClientWebSocket> ConnectAsync(PodExecRequest request, string what, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol(Protocol);
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(30);
        using (var probe = new HttpRequestMessage(HttpMethod.Get, connection.BaseUri))
        {
            await connection.AuthorizeAsync(probe, cancellationToken).ConfigureAwait(false);
            if (probe.Headers.Authorization is { } authorization)
            {
                socket.Options.SetRequestHeader("Authorization", authorization.ToString());
            }
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.Timeout);
        try
        {
            await socket.ConnectAsync(ExecUri(request), connection.HttpClient, timeout.Token).ConfigureAwait(false);
            return socket.SubProtocol == Protocol
                ? socket
                : throw new ClusterRejectedException(400, $"{what}: the API server does not speak {Protocol} (Kubernetes 1.30 or later does).");
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new TransientFailureException($"{what}: the API server did not answer within {options.Value.Timeout}.", exception);
        }
        catch (WebSocketException exception)
        {
            var status = socket.HttpStatusCode;
            socket.Dispose();
            throw status switch
            {
                // The pod ended or was deleted between Kabin reading its sandbox and the exec.
                HttpStatusCode.NotFound or HttpStatusCode.BadRequest => new ConflictException($"{what}: the pod is not running ({(int)status})."),
                HttpStatusCode.Forbidden => new ClusterRejectedException(403, $"{what}: forbidden; the sandbox function needs create on pods/exec in the tenant's namespace."),
                HttpStatusCode.Unauthorized => new TransientFailureException($"{what}: the API server refused the credentials; the retry presents the current token."),
                0 => new TransientFailureException($"{what}: the API server could not be reached ({exception.WebSocketErrorCode}).", exception),
                _ => new TransientFailureException($"{what}: the API server answered {(int)status}.", exception),
            };
        }
        catch (HttpRequestException exception)
        {
            socket.Dispose();
            throw new TransientFailureException($"{what}: the API server could not be reached ({exception.HttpRequestError}).", exception);
        }
    }

    private Uri ExecUri(PodExecRequest request)
    {
        var query = new StringBuilder("?container=").Append(Uri.EscapeDataString(request.Container))
            .Append("&stdout=true&stderr=true&stdin=").Append(request.Stdin is null ? "false" : "true");
        foreach (var part in request.Command)
        {
            query.Append("&command=").Append(Uri.EscapeDataString(part));
        }

        var http = new Uri(connection.BaseUri, $"api/v1/namespaces/{Uri.EscapeDataString(request.Namespace)}/pods/{Uri.EscapeDataString(request.Pod)}/exec{query}");
        return new UriBuilder(http) { Scheme = http.Scheme == Uri.UriSchemeHttps ? "wss" : "ws", Port = http.Port }.Uri;
    }

    private static async Task SendStdinAsync(ClientWebSocket socket, Stream? stdin, CancellationToken cancellationToken)
    {
        if (stdin is null)
        {
            return;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await stdin.ReadAsync(buffer.AsMemory(1, buffer.Length - 1), cancellationToken).ConfigureAwait(false)) > 0)
            {
                buffer[0] = StdinChannel;
                await socket.SendAsync(buffer.AsMemory(0, read + 1), WebSocketMessageType.Binary, endOfMessage: true, cancellationToken).ConfigureAwait(false);
            }

            await socket.SendAsync(new byte[] { CloseChannel, StdinChannel }, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Hands stdout and stderr on as they come and returns what the error channel said.</summary>
    private static async Task<string> ReceiveAsync(ClientWebSocket socket, PodExecOutput output, string what, CancellationToken cancellationToken)
    {
        var buffer = new byte[ReceiveBufferBytes];
        var error = new StringBuilder();
        while (true)
        {
            var first = await socket.ReceiveAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
            if (first.MessageType == WebSocketMessageType.Close)
            {
                return error.ToString();
            }

            if (first.Count == 0)
            {
                continue;
            }

            var channel = buffer[0];
            var result = first;
            var offset = 1;
            while (true)
            {
                var chunk = buffer.AsMemory(offset, result.Count - offset);
                switch (channel)
                {
                    case (byte)PodExecChannel.Stdout or (byte)PodExecChannel.Stderr when !chunk.IsEmpty:
                        await output((PodExecChannel)channel, chunk, cancellationToken).ConfigureAwait(false);
                        break;
                    case ErrorChannel when error.Length + chunk.Length <= ErrorChannelLimit:
                        error.Append(Encoding.UTF8.GetString(chunk.Span));
                        break;
                    case ErrorChannel:
                        throw new TransientFailureException($"{what}: the error channel sent more than {ErrorChannelLimit} bytes.");
                }

                if (result.EndOfMessage)
                {
                    break;
                }

                result = await socket.ReceiveAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
                offset = 0;
            }
        }
    }

    /// <summary>The exit code in the error channel's Status: 0 for Success, the ExitCode cause for NonZeroExitCode; any other failure throws.</summary>
    internal static int ExitCodeOf(string status, string what)
    {
        if (status.Length == 0)
        {
            throw new TransientFailureException($"{what}: the stream ended without an exit status.");
        }

        JsonObject? parsed;
        try
        {
            parsed = JsonNode.Parse(status) as JsonObject;
        }
        catch (JsonException exception)
        {
            throw new TransientFailureException($"{what}: the exit status is not JSON.", exception);
        }

        if (parsed?["status"]?.ToString() == "Success")
        {
            return 0;
        }

        if (parsed?["reason"]?.ToString() == "NonZeroExitCode"
            && (parsed["details"]?["causes"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(c => c["reason"]?.ToString() == "ExitCode") is { } cause
            && int.TryParse(cause["message"]?.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var code))
        {
            return code;
        }

        throw new ClusterRejectedException(422, $"{what}: {parsed?["message"]?.ToString() ?? "the command could not be started"}");
    }

    private static async Task IgnoreCancellation(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stdin still open when the command ended: nothing more to send.
        }
        catch (WebSocketException)
        {
            // As above: the server closed the stream first.
        }
    }
}
