using Kabin.Adapters.Sqlite;
using Microsoft.Extensions.Options;

namespace Kabin.Core.Tests.Support;

/// <summary>A real SQLite state store in a temporary folder, deleted on dispose.</summary>
public sealed class TempStateStore : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "kabin-tests-" + Guid.NewGuid().ToString("N"));

    public TempStateStore()
    {
        Store = new SqliteStateStore(Options.Create(new SqliteStateStoreOptions { Path = Path.Combine(_folder, "state.db") }));
    }

    public SqliteStateStore Store { get; }

    public void Dispose()
    {
        Store.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A pooled handle may still be closing; the temp folder is harmless.
        }
    }
}
