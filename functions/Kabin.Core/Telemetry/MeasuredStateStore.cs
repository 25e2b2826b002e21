using Kabin.State;

namespace Kabin.Telemetry;

/// <summary>The state port with a span and a duration measurement per call (<c>kabin.state.call.duration</c>).</summary>
public sealed class MeasuredStateStore(IStateStore inner, KabinMetrics metrics) : IStateStore
{
    private Task<T> Measure<T>(string operation, Func<Task<T>> call) =>
        MeasuredCalls.RunAsync("kabin.state " + operation, operation, metrics.StateCalled, call);

    private Task Measure(string operation, Func<Task> call) =>
        MeasuredCalls.RunAsync("kabin.state " + operation, operation, metrics.StateCalled, call);

    public Task<StateEntry?> GetAsync(string key, CancellationToken cancellationToken) =>
        Measure("get", () => inner.GetAsync(key, cancellationToken));

    public Task<IReadOnlyList<StateEntry>> GetManyAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken) =>
        Measure("get_many", () => inner.GetManyAsync(keys, cancellationToken));

    public Task SaveAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken) =>
        Measure("save", () => inner.SaveAsync(key, value, cancellationToken));

    public Task<bool> TrySaveAsync(string key, ReadOnlyMemory<byte> value, string etag, CancellationToken cancellationToken) =>
        Measure("try_save", () => inner.TrySaveAsync(key, value, etag, cancellationToken));

    public Task<bool> TryCreateAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken) =>
        Measure("try_create", () => inner.TryCreateAsync(key, value, cancellationToken));

    public Task DeleteAsync(string key, CancellationToken cancellationToken) =>
        Measure("delete", () => inner.DeleteAsync(key, cancellationToken));

    public Task<bool> TryDeleteAsync(string key, string etag, CancellationToken cancellationToken) =>
        Measure("try_delete", () => inner.TryDeleteAsync(key, etag, cancellationToken));
}
