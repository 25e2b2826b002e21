using Kabin.Adapters.Kubernetes;
using Kabin.Adapters.Sqlite;
using Kabin.Events;
using Kabin.State;
using Kabin.Tenants;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Kabin.Adapters.Tests.Tenants;

public sealed class TenantRegistrationTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "kabin-tenant-registration", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public void AddKabin_with_the_tenant_function_registers_one_tenant_handler_with_bound_options()
    {
        using var provider = Build(new() { ["Kabin:Tenants:NamespacePrefix"] = "t-" });

        provider.GetRequiredService<IStartupValidator>().Validate();

        var handler = Assert.Single(provider.GetServices<IFunctionHandler>());
        Assert.Equal("tenant", handler.FunctionName);
        Assert.Equal(
            [TenantEventTypes.Created, TenantEventTypes.Updated, TenantEventTypes.Deleted],
            handler.EventTypes);
        Assert.Equal("t-", provider.GetRequiredService<IOptions<TenantOptions>>().Value.NamespacePrefix);
    }

    [Fact]
    public void Invalid_tenant_options_fail_at_start_naming_the_setting()
    {
        using var provider = Build(new() { ["Kabin:Tenants:Defaults:Egress"] = "everywhere" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Kabin:Tenants:Defaults", error.Message, StringComparison.Ordinal);
        Assert.Contains("network.egress", error.Message, StringComparison.Ordinal);
    }

    private ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddSingleton<IStateStore>(_ => new SqliteStateStore(Options.Create(new SqliteStateStoreOptions
        {
            Path = Path.Combine(_folder, "state.db"),
        })));
        services.AddKabinCluster(configuration, _ => null);
        services.AddKabin(new HashSet<string>([KabinFunctions.Tenant], StringComparer.Ordinal));
        // A second registration (a host that also calls it directly) must not add a second handler.
        services.AddTenantFunction();
        return services.BuildServiceProvider();
    }
}
