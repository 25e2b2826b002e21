using Kabin.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Kabin.Adapters.Sqlite;

/// <summary>Registers the embedded SQLite state store.</summary>
public static class SqliteServiceCollectionExtensions
{
    public static IServiceCollection AddSqliteStateStore(this IServiceCollection services)
    {
        services.AddOptions<SqliteStateStoreOptions>().BindConfiguration("Kabin:State:Sqlite");
        services.TryAddSingleton<SqliteStateStore>();
        services.TryAddSingleton<IStateStore>(provider => provider.GetRequiredService<SqliteStateStore>());
        return services;
    }
}
