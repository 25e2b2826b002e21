using Kabin.Adapters.Sqlite;
using Kabin.Cluster;
using Kabin.Events;
using Kabin.Policy;
using Kabin.Sandboxes;
using Kabin.State;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Kabin.Adapters.Tests.Sandboxes;

public sealed class SandboxRegistrationTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "kabin-registration-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public void AddSandboxFunction_registers_its_lifecycle_and_command_handlers_with_options_from_configuration()
    {
        using var provider = Build(new() { ["Kabin:Sandboxes:DefaultTtlSeconds"] = "120", ["Kabin:Sandboxes:Work:MaxOutputBytes"] = "8192" });

        var handlers = provider.GetServices<IFunctionHandler>().ToList();

        Assert.Equal(["SandboxCommandHandler", "SandboxHandler"], handlers.Select(h => h.GetType().Name).Order(StringComparer.Ordinal));
        Assert.All(handlers, handler => Assert.Equal(KabinFunctions.Sandbox, handler.FunctionName));
        Assert.Equal(8192, provider.GetRequiredService<IOptions<SandboxOptions>>().Value.Work.MaxOutputBytes);
        Assert.IsType<PolicyEngine>(provider.GetRequiredService<IPolicyEngine>());
        Assert.Equal(120, provider.GetRequiredService<IOptions<SandboxOptions>>().Value.DefaultTtlSeconds);
    }

    [Fact]
    public void Invalid_options_fail_saying_what_to_set()
    {
        using var provider = Build(new() { ["Kabin:Sandboxes:DefaultMemory"] = "lots", ["Kabin:Sandboxes:MaxTtlSeconds"] = "10", ["Kabin:Sandboxes:Work:Root"] = "../work" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SandboxOptions>>().Value);

        Assert.Contains(error.Failures, failure => failure.Contains("DefaultMemory", StringComparison.Ordinal));
        Assert.Contains(error.Failures, failure => failure.Contains("MaxTtlSeconds", StringComparison.Ordinal));
        Assert.Contains(error.Failures, failure => failure.Contains("Work:Root", StringComparison.Ordinal));
    }

    private ServiceProvider Build(Dictionary<string, string?> settings)
    {
        settings["Kabin:State:Sqlite:Path"] = Path.Combine(_folder, "state.db");
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddSqliteStateStore();
        services.AddSingleton<IClusterClient>(provider => new PlanClusterClient(TimeProvider.System, provider.GetRequiredService<IStateStore>()));
        services.AddKabin(new HashSet<string> { KabinFunctions.Sandbox });
        services.AddSandboxFunction();
        return services.BuildServiceProvider();
    }
}
