using System.Buffers.Binary;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace Kabin.TestDoubles.Dapr;

/// <summary>The gRPC wire format over HTTP/2: 5-byte length-prefixed messages and status trailers.</summary>
internal static class GrpcFrames
{
    private const int PrefixLength = 5;

    public static async Task<T> ReadUnaryAsync<T>(HttpRequest request, MessageParser<T> parser, CancellationToken cancellationToken)
        where T : IMessage<T>
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (bytes.Length < PrefixLength)
        {
            throw new RpcException(new Status(StatusCode.Internal, "request body is shorter than a gRPC message prefix"));
        }

        if (bytes.Span[0] != 0)
        {
            throw new RpcException(new Status(StatusCode.Unimplemented, "compressed messages are not supported"));
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(bytes.Span[1..PrefixLength]);
        if (length != bytes.Length - PrefixLength)
        {
            throw new RpcException(new Status(StatusCode.Internal, "expected exactly one gRPC message in a unary request"));
        }

        return parser.ParseFrom(bytes.Span[PrefixLength..]);
    }

    public static void StartResponse(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
    }

    public static async Task WriteMessageAsync(HttpResponse response, IMessage message, CancellationToken cancellationToken)
    {
        var payload = message.ToByteArray();
        var frame = new byte[PrefixLength + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1, 4), (uint)payload.Length);
        payload.CopyTo(frame.AsSpan(PrefixLength));
        await response.Body.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
    }

    public static void WriteStatus(HttpResponse response, Status status)
    {
        response.AppendTrailer("grpc-status", ((int)status.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(status.Detail))
        {
            response.AppendTrailer("grpc-message", Uri.EscapeDataString(status.Detail));
        }
    }
}
