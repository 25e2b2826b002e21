using System.Net;
using System.Text.Json.Nodes;
using Kabin.Adapters.CloudEvents.Http;
using Kabin.Adapters.Sqlite;
using Kabin.State;
using Kabin.Tenants;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kabin.Adapters.Tests.Admission;

/// <summary>
/// A real Kestrel app on a loopback port that maps the admission endpoints over the embedded
/// SQLite state store, holding two tenants: acme (restricted) and beta (baseline).
/// </summary>
public sealed class AdmissionHost : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "kabin-admission-" + Guid.NewGuid().ToString("N"));
    private WebApplication? _app;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder.Configuration["Kabin:State:Sqlite:Path"] = Path.Combine(_folder, "state.db");
        builder.Services.AddSqliteStateStore();
        builder.Services.AddKabin(new HashSet<string> { "policy" });
        _app = builder.Build();
        _app.MapKabinAdmission();
        await _app.StartAsync();

        var store = _app.Services.GetRequiredService<IStateStore>();
        await SaveTenantAsync(store, Tenant("acme", PodSecurityLevel.Restricted));
        await SaveTenantAsync(store, Tenant("beta", PodSecurityLevel.Baseline));

        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Client = new HttpClient { BaseAddress = new Uri(address) };
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    public static JsonObject Deployment(string tenant = "acme")
    {
        var deployment = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "testdata", "admission", "deployment.json")))!.AsObject();
        deployment["metadata"]!["namespace"] = "kabin-" + tenant;
        return deployment;
    }

    private static async Task SaveTenantAsync(IStateStore store, TenantRecord tenant)
    {
        await store.SaveAsync(TenantStateKeys.Record(tenant.Name), tenant, TenantJsonContext.Default.TenantRecord, CancellationToken.None);
        await store.SaveAsync(
            TenantStateKeys.Namespace(tenant.Namespace), new TenantNamespaceEntry(tenant.Name), TenantJsonContext.Default.TenantNamespaceEntry,
            CancellationToken.None);
    }

    private static TenantRecord Tenant(string name, PodSecurityLevel level) => new()
    {
        Name = name,
        Namespace = "kabin-" + name,
        Owners = [new TenantOwner("User", name + "-admin")],
        PodSecurity = level,
        RuntimeClasses = ["kata-qemu"],
        DefaultRuntimeClass = "kata-qemu",
        Registries = ["ghcr.io/" + name],
        Quota = new TenantQuota("4", "8Gi", 10),
        Sandboxes = new SandboxLimits(3, "2", "4Gi"),
        Network = new TenantNetwork("none"),
    };
}
