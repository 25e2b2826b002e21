using System.Globalization;
using Kabin.State;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Kabin.Adapters.Sqlite;

/// <summary>
/// The embedded state store: one SQLite table of key, value and version, where the version is
/// the ETag. Versions come from one store-wide clock that every write advances (a trigger, in the
/// writing statement), so an ETag is never given twice, not even to a key deleted and written
/// again: a writer holding an ETag from an earlier incarnation of a key can never overwrite the new
/// one. Conditional writes are single statements guarded by the version, so they are atomic
/// without explicit transactions. WAL mode lets readers run beside the writer. A lock held
/// past the busy timeout or an I/O error surfaces as <see cref="TransientFailureException"/>.
/// </summary>
public sealed partial class SqliteStateStore : IStateStore, IDisposable
{
    private const string NextVersion = "(SELECT value + 1 FROM clock WHERE id = 0)";

    // Well under SQLite's limit of 32,766 parameters per statement.
    private const int BulkReadChunk = 500;

    private readonly string _connectionString;
    private readonly SqliteConnection _keepAlive;

    public SqliteStateStore(IOptions<SqliteStateStoreOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = System.IO.Path.GetFullPath(options.Value.Path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Shared,
            Pooling = true,
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.Value.BusyTimeout.TotalSeconds)),
        }.ToString();
        _keepAlive = new SqliteConnection(_connectionString);
        _keepAlive.Open();
        Execute(_keepAlive, "PRAGMA journal_mode=WAL;");
        Execute(_keepAlive, "CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value BLOB NOT NULL, version INTEGER NOT NULL);");
        // A database from before the clock starts it past every version it holds.
        Execute(_keepAlive, "CREATE TABLE IF NOT EXISTS clock (id INTEGER PRIMARY KEY CHECK (id = 0), value INTEGER NOT NULL);");
        Execute(_keepAlive, "INSERT OR IGNORE INTO clock (id, value) SELECT 0, COALESCE(MAX(version), 0) FROM state;");
        Execute(_keepAlive, "CREATE TRIGGER IF NOT EXISTS state_clock_insert AFTER INSERT ON state BEGIN UPDATE clock SET value = NEW.version WHERE id = 0; END;");
        Execute(_keepAlive, "CREATE TRIGGER IF NOT EXISTS state_clock_update AFTER UPDATE OF version ON state BEGIN UPDATE clock SET value = NEW.version WHERE id = 0; END;");
    }


    public Task<StateEntry?> GetAsync(string key, CancellationToken cancellationToken) =>
        GuardAsync("read", key, token => ReadAsync(key, token), cancellationToken);

    private async Task<StateEntry?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT value, version FROM state WHERE key = $key;";
        command.Parameters.AddWithValue("$key", key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var value = (byte[])reader.GetValue(0);
        return new StateEntry(key, value, reader.GetInt64(1).ToString(CultureInfo.InvariantCulture));
    }

    public Task<IReadOnlyList<StateEntry>> GetManyAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return keys.Count == 0
            ? Task.FromResult<IReadOnlyList<StateEntry>>([])
            : GuardAsync("bulk read", keys[0], token => ReadManyAsync(keys, token), cancellationToken);
    }

    private async Task<IReadOnlyList<StateEntry>> ReadManyAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, StateEntry>(StringComparer.Ordinal);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        foreach (var chunk in keys.Distinct(StringComparer.Ordinal).Chunk(BulkReadChunk))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT key, value, version FROM state WHERE key IN ({string.Join(", ", chunk.Select((_, i) => "$k" + i.ToString(CultureInfo.InvariantCulture)))});";
            for (var i = 0; i < chunk.Length; i++)
            {
                command.Parameters.AddWithValue("$k" + i.ToString(CultureInfo.InvariantCulture), chunk[i]);
            }

            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var key = reader.GetString(0);
                found[key] = new StateEntry(key, (byte[])reader.GetValue(1), reader.GetInt64(2).ToString(CultureInfo.InvariantCulture));
            }
        }

        return [.. keys.Where(found.ContainsKey).Distinct(StringComparer.Ordinal).Select(key => found[key])];
    }

    public async Task SaveAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken)
    {
        await NonQueryAsync(
            $"INSERT INTO state (key, value, version) VALUES ($key, $value, {NextVersion}) "
            + "ON CONFLICT(key) DO UPDATE SET value = excluded.value, version = excluded.version;",
            key, value, etag: null, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> TrySaveAsync(string key, ReadOnlyMemory<byte> value, string etag, CancellationToken cancellationToken)
    {
        if (!long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            return false;
        }

        var changed = await NonQueryAsync(
            $"UPDATE state SET value = $value, version = {NextVersion} WHERE key = $key AND version = $etag;",
            key, value, etag, cancellationToken).ConfigureAwait(false);
        return changed == 1;
    }

    public async Task<bool> TryCreateAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken)
    {
        var inserted = await NonQueryAsync(
            $"INSERT INTO state (key, value, version) VALUES ($key, $value, {NextVersion}) ON CONFLICT(key) DO NOTHING;",
            key, value, etag: null, cancellationToken).ConfigureAwait(false);
        return inserted == 1;
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        await NonQueryAsync("DELETE FROM state WHERE key = $key;", key, value: null, etag: null, cancellationToken)
            .ConfigureAwait(false);
    }

    public async Task<bool> TryDeleteAsync(string key, string etag, CancellationToken cancellationToken)
    {
        if (!long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            return false;
        }

        var changed = await NonQueryAsync(
            "DELETE FROM state WHERE key = $key AND version = $etag;", key, value: null, etag, cancellationToken)
            .ConfigureAwait(false);
        return changed == 1;
    }

    public void Dispose() => _keepAlive.Dispose();

    private Task<int> NonQueryAsync(
        string sql, string key, ReadOnlyMemory<byte>? value, string? etag, CancellationToken cancellationToken) =>
        GuardAsync("write", key, token => ExecuteAsync(sql, key, value, etag, token), cancellationToken);

    private async Task<int> ExecuteAsync(
        string sql, string key, ReadOnlyMemory<byte>? value, string? etag, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$key", key);
        if (value is { } bytes)
        {
            command.Parameters.Add("$value", SqliteType.Blob).Value = bytes.ToArray();
        }

        if (etag is not null)
        {
            command.Parameters.AddWithValue("$etag", long.Parse(etag, CultureInfo.InvariantCulture));
        }

        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
