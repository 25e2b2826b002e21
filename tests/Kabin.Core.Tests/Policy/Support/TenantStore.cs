using Kabin.Core.Tests.Support;
using Kabin.State;
using Kabin.Tenants;
using Microsoft.Extensions.Options;

namespace Kabin.Core.Tests.Policy;

/// <summary>
/// A real tenant directory over the embedded SQLite store, holding the records the tenant
/// function writes: the tenant and its namespace entry.
/// </summary>
internal sealed class TenantStore : IDisposable
{
    private readonly TempStateStore _state = new();

    public TenantStore()
    {
        Directory = new StateTenantDirectory(_state.Store, TimeProvider.System, Options.Create(new TenantDirectoryOptions()));
    }

    public StateTenantDirectory Directory { get; }

    public async Task<TenantRecord> AddAsync(TenantRecord tenant)
    {
        await _state.Store.SaveAsync(TenantStateKeys.Record(tenant.Name), tenant, TenantJsonContext.Default.TenantRecord, CancellationToken.None);
        await _state.Store.SaveAsync(
            TenantStateKeys.Namespace(tenant.Namespace), new TenantNamespaceEntry(tenant.Name), TenantJsonContext.Default.TenantNamespaceEntry,
            CancellationToken.None);
        return tenant;
    }

    /// <summary>Leaves a namespace entry that is not JSON, as a damaged store would.</summary>
    public Task CorruptNamespaceEntryAsync(string ns) =>
        _state.Store.SaveAsync(TenantStateKeys.Namespace(ns), "{not json"u8.ToArray(), CancellationToken.None);

    public void Dispose() => _state.Dispose();
}
