namespace Kabin.Adapters.Sqlite;

/// <summary>Options of the embedded state store (section <c>Kabin:State:Sqlite</c>).</summary>
public sealed class SqliteStateStoreOptions
{
    /// <summary>The database file; created with its folder when missing. Survives restarts of the host.</summary>
    public string Path { get; set; } = System.IO.Path.Combine(".kabin", "state.db");

    /// <summary>How long a call waits for another writer's lock (whole seconds, at least one) before it fails as transient.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
