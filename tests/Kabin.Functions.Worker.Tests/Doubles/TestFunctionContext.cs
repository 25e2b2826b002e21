using Microsoft.Azure.Functions.Worker;

namespace Kabin.Functions.Worker.Tests.Doubles;

/// <summary>A function invocation as the worker creates one: an id, the function, the services, items and cancellation.</summary>
public sealed class TestFunctionContext(IServiceProvider services, string functionName, CancellationToken cancellationToken = default)
    : FunctionContext
{
    public override string InvocationId { get; } = Guid.NewGuid().ToString();

    public override string FunctionId { get; } = functionName;

    public override TraceContext TraceContext { get; } = new TestTraceContext();

    public override BindingContext BindingContext => throw Unsupported(nameof(BindingContext));

    public override RetryContext RetryContext => throw Unsupported(nameof(RetryContext));

    public override IServiceProvider InstanceServices { get; set; } = services;

    public override FunctionDefinition FunctionDefinition => throw Unsupported(nameof(FunctionDefinition));

    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();

    public override IInvocationFeatures Features => throw Unsupported(nameof(Features));

    public override CancellationToken CancellationToken { get; } = cancellationToken;

    private static NotSupportedException Unsupported(string member) =>
        new($"{member} belongs to the worker's binding pipeline, which Kabin's functions do not use.");
}
