using Google.Protobuf;

namespace Kabin.TestDoubles.Dapr;

/// <summary>One gRPC call the sidecar double received: the method name and the parsed request.</summary>
public sealed record DaprCall(string Method, IMessage? Request);
