using Microsoft.Data.Sqlite;

namespace Kabin.Adapters.Sqlite;

/// <summary>Which SQLite failures a retry may fix.</summary>
public sealed partial class SqliteStateStore
{
    // Primary result codes (https://sqlite.org/rescode.html).
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteIoError = 10;
    private const int SqliteFull = 13;
    private const int SqliteProtocol = 15;

    private static async Task<T> GuardAsync<T>(
        string operation, string key, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex) when (IsTransient(ex.SqliteErrorCode))
        {
            throw new TransientFailureException(
                $"The embedded state store could not {operation} key '{key}' (SQLite error {ex.SqliteErrorCode}: "
                + $"{ex.Message}); the event will be retried.",
                ex);
        }
    }

    private static bool IsTransient(int code) =>
        code is SqliteBusy or SqliteLocked or SqliteIoError or SqliteFull or SqliteProtocol;
}
