using Kabin.Adapters.Sqlite;
using Kabin.State;
using Kabin.Tenants;
using Microsoft.Extensions.Options;

namespace Kabin.Core.Tests.Policy;

/// <summary>
/// A real tenant directory over the embedded SQLite store in a temporary folder, holding the
/// records the tenant function writes: the tenant and its namespace entry.
/// </summary>
internal sealed class TenantStore : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "kabin-policy-" + Guid.NewGuid().ToString("N"));
    private readonly SqliteStateStore _store;

    public TenantStore()
    {
        _store = new SqliteStateStore(Options.Create(new SqliteStateStoreOptions { Path = Path.Combine(_folder, "state.db") }));
        Directory = new StateTenantDirectory(_store, TimeProvider.System, Options.Create(new TenantDirectoryOptions()));
    }

    public StateTenantDirectory Directory { get; }

    public async Task<TenantRecord> AddAsync(TenantRecord tenant)
    {
        await _store.SaveAsync(TenantStateKeys.Record(tenant.Name), tenant, TenantJsonContext.Default.TenantRecord, CancellationToken.None);
        await _store.SaveAsync(
            TenantStateKeys.Namespace(tenant.Namespace), new TenantNamespaceEntry(tenant.Name), TenantJsonContext.Default.TenantNamespaceEntry,
            CancellationToken.None);
        return tenant;
    }

    /// <summary>Leaves a namespace entry that is not JSON, as a damaged store would.</summary>
    public Task CorruptNamespaceEntryAsync(string ns) =>
        _store.SaveAsync(TenantStateKeys.Namespace(ns), "{not json"u8.ToArray(), CancellationToken.None);

    public void Dispose()
    {
        _store.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(_folder, recursive: true);
    }
}
