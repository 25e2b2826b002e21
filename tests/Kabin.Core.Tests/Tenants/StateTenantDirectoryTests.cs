using Kabin.Core.Tests.Support;
using Kabin.State;
using Kabin.Tenants;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Kabin.Core.Tests.Tenants;

public sealed class StateTenantDirectoryTests : IDisposable
{
    private readonly TempStateStore _state = new();
    private readonly FakeTimeProvider _time = new();
    private readonly StateTenantDirectory _directory;

    public StateTenantDirectoryTests()
    {
        _directory = new StateTenantDirectory(
            _state.Store, _time, Options.Create(new TenantDirectoryOptions { CacheTtl = TimeSpan.FromSeconds(5) }));
    }

    public void Dispose() => _state.Dispose();

    private static TenantRecord Record(string name, long generation = 1) => new()
    {
        Name = name,
        Namespace = "tenant-" + name,
        Owners = [new TenantOwner("User", "alice@acme.example")],
        PodSecurity = PodSecurityLevel.Restricted,
        RuntimeClasses = ["kata-qemu"],
        DefaultRuntimeClass = "kata-qemu",
        Registries = [],
        Quota = new TenantQuota("4", "8Gi", 20),
        Sandboxes = new SandboxLimits(5, "2", "4Gi"),
        Network = new TenantNetwork("none"),
        Generation = generation,
    };

    private async Task WriteAsync(TenantRecord record)
    {
        await _state.Store.SaveAsync(TenantStateKeys.Record(record.Name), record, TenantJsonContext.Default.TenantRecord, CancellationToken.None);
        await _state.Store.SaveAsync(
            TenantStateKeys.Namespace(record.Namespace), new TenantNamespaceEntry(record.Name),
            TenantJsonContext.Default.TenantNamespaceEntry, CancellationToken.None);
    }

    [Fact]
    public async Task Finds_a_tenant_by_name_and_by_namespace()
    {
        await WriteAsync(Record("acme"));

        var byName = await _directory.FindByNameAsync("acme", CancellationToken.None);
        var byNamespace = await _directory.FindByNamespaceAsync("tenant-acme", CancellationToken.None);

        Assert.Equal(PodSecurityLevel.Restricted, byName?.PodSecurity);
        Assert.Equal("acme", byNamespace?.Name);
    }

    [Fact]
    public async Task Namespace_of_no_tenant_is_null()
    {
        Assert.Null(await _directory.FindByNamespaceAsync("kube-system", CancellationToken.None));
    }

    [Fact]
    public async Task Lookups_are_cached_until_the_ttl_passes()
    {
        await WriteAsync(Record("acme", generation: 1));
        await _directory.FindByNameAsync("acme", CancellationToken.None);
        await WriteAsync(Record("acme", generation: 2));

        var cached = await _directory.FindByNameAsync("acme", CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(6));
        var fresh = await _directory.FindByNameAsync("acme", CancellationToken.None);

        Assert.Equal(1, cached?.Generation);
        Assert.Equal(2, fresh?.Generation);
    }

    [Fact]
    public async Task Misses_are_cached_and_invalidate_drops_them()
    {
        Assert.Null(await _directory.FindByNamespaceAsync("tenant-acme", CancellationToken.None));
        await WriteAsync(Record("acme"));

        var stillMissing = await _directory.FindByNamespaceAsync("tenant-acme", CancellationToken.None);
        _directory.Invalidate("acme");
        var found = await _directory.FindByNamespaceAsync("tenant-acme", CancellationToken.None);

        Assert.Null(stillMissing);
        Assert.Equal("acme", found?.Name);
    }

    [Fact]
    public async Task Stored_record_round_trips_with_lowercase_level()
    {
        await WriteAsync(Record("acme"));

        var raw = await _state.Store.GetAsync(TenantStateKeys.Record("acme"), CancellationToken.None);

        Assert.Contains("\"podSecurity\":\"restricted\"", System.Text.Encoding.UTF8.GetString(raw!.Value.Span), StringComparison.Ordinal);
    }
}
