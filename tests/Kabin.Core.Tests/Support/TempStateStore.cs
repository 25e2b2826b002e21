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

    /// <summary>Every stored key with the size of its value in bytes, largest first, read straight from the database file.</summary>
    public IReadOnlyList<(string Key, long Bytes)> Sizes()
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_folder, "state.db")};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT key, length(value) FROM state ORDER BY length(value) DESC;";
        using var reader = command.ExecuteReader();
        var sizes = new List<(string, long)>();
        while (reader.Read())
        {
            sizes.Add((reader.GetString(0), reader.GetInt64(1)));
        }

        return sizes;
    }

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
