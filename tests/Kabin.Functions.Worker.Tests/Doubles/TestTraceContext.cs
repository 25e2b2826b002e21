using Microsoft.Azure.Functions.Worker;

namespace Kabin.Functions.Worker.Tests.Doubles;

/// <summary>The W3C trace context the host passes with an invocation; a fresh root here.</summary>
public sealed class TestTraceContext : TraceContext
{
    public override string TraceParent { get; } = $"00-{Guid.NewGuid():N}-{Guid.NewGuid().ToString("N")[..16]}-01";

    public override string TraceState { get; } = string.Empty;
}
