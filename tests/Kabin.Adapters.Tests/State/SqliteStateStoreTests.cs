using System.Text;
using Kabin.Adapters.Sqlite;
using Kabin.State;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Kabin.Adapters.Tests.State;

public sealed class SqliteStateStoreTests : StateStoreContractTests
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "kabin-state-" + Guid.NewGuid().ToString("N"));
    private SqliteStateStore? _sqlite;

    private string DatabasePath => Path.Combine(_folder, "state.db");

    [Fact]
    public async Task Data_and_etags_survive_a_restart_of_the_store()
    {
        await Store.SaveAsync("tenants/acme", Utf8("durable"), Token);
        var before = await Store.GetAsync("tenants/acme", Token);

        _sqlite!.Dispose();
        SqliteConnection.ClearAllPools();
        using var reopened = Open();
        var after = await reopened.GetAsync("tenants/acme", Token);

        Assert.NotNull(after);
        Assert.Equal("durable", Encoding.UTF8.GetString(after.Value.Span));
        Assert.Equal(before!.ETag, after.ETag);
        Assert.True(await reopened.TrySaveAsync("tenants/acme", Utf8("updated"), after.ETag, Token));
    }

    [Fact]
    public async Task A_database_from_before_the_version_clock_gives_versions_past_every_one_it_holds()
    {
        _sqlite!.Dispose();
        SqliteConnection.ClearAllPools();
        var legacyFolder = Path.Combine(_folder, "legacy");
        Directory.CreateDirectory(legacyFolder);
        var legacy = Path.Combine(legacyFolder, "state.db");
        await using (var connection = new SqliteConnection($"Data Source={legacy};Pooling=False"))
        {
            await connection.OpenAsync(Token);
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE state (key TEXT PRIMARY KEY, value BLOB NOT NULL, version INTEGER NOT NULL);"
                + "INSERT INTO state VALUES ('old', x'31', 41);";
            await command.ExecuteNonQueryAsync(Token);
        }

        using var store = new SqliteStateStore(Options.Create(new SqliteStateStoreOptions { Path = legacy }));
        await store.SaveAsync("new", Utf8("v"), Token);

        Assert.Equal("41", (await store.GetAsync("old", Token))!.ETag);
        Assert.Equal("42", (await store.GetAsync("new", Token))!.ETag);
        _sqlite = Open();
    }

    [Fact]
    public async Task Write_blocked_by_another_writer_past_the_busy_timeout_is_a_transient_failure()
    {
        using var blocked = Open(busyTimeout: TimeSpan.FromSeconds(1));
        await using var holder = new SqliteConnection($"Data Source={DatabasePath};Cache=Private;Pooling=False");
        await holder.OpenAsync(Token);
        await using (var begin = holder.CreateCommand())
        {
            begin.CommandText = "BEGIN EXCLUSIVE;";
            await begin.ExecuteNonQueryAsync(Token);
        }

        var error = await Assert.ThrowsAsync<TransientFailureException>(() => blocked.SaveAsync("k", Utf8("v"), Token));

        Assert.IsType<SqliteException>(error.InnerException);
    }

    protected override Task<IStateStore> CreateStoreAsync()
    {
        _sqlite = Open();
        return Task.FromResult<IStateStore>(_sqlite);
    }

    protected override Task DisposeStoreAsync()
    {
        _sqlite?.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    private SqliteStateStore Open(TimeSpan? busyTimeout = null) =>
        new(Options.Create(new SqliteStateStoreOptions
        {
            Path = DatabasePath,
            BusyTimeout = busyTimeout ?? TimeSpan.FromSeconds(30),
        }));
}
