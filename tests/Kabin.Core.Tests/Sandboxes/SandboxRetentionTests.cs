using Kabin.Sandboxes;
using Kabin.Tenants;
using Kabin.Tests.Tenants;

namespace Kabin.Core.Tests.Sandboxes;

public sealed class SandboxRetentionTests : IDisposable
{
    private readonly SandboxFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private async Task<SandboxIndex> IndexAsync() =>
        (await Kabin.State.StateStoreExtensions.GetAsync(
            _fixture.Store, SandboxStateKeys.Index("acme"), SandboxJsonContext.Default.SandboxIndex, CancellationToken.None))!.Value;

    [Fact]
    public async Task Ended_sandbox_is_kept_for_polling_then_forgotten_and_its_name_is_free_again()
    {
        _fixture.Settings.RecordRetentionSeconds = 3600;
        await _fixture.AddTenantAsync(SandboxFixture.Tenant("acme"));
        await _fixture.SendAsync(SandboxFixture.Request("acme", "job"));
        await _fixture.SendAsync(SandboxFixture.PodEvent(SandboxEventTypes.PodUpdated, "acme", "job", "Succeeded", 4, 0, "Completed"));
        var ended = Assert.Single((await IndexAsync()).Ended);
        Assert.Equal(("job", _fixture.Time.GetUtcNow().AddHours(1)), (ended.Name, ended.ExpiresAt));

        _fixture.Time.Advance(TimeSpan.FromMinutes(59));
        await _fixture.SendAsync(SandboxFixture.Tick());
        Assert.NotNull(await _fixture.RecordAsync("acme", "job"));

        _fixture.Time.Advance(TimeSpan.FromMinutes(2));
        await _fixture.SendAsync(SandboxFixture.Tick());
        Assert.Null(await _fixture.RecordAsync("acme", "job"));
        Assert.Empty((await IndexAsync()).Ended);

        await _fixture.Cluster.DeleteAsync(new Kabin.Cluster.ResourceRef("v1", "Pod", "tenant-acme", "sbx-job"), null, CancellationToken.None);
        var again = await _fixture.SendAsync(SandboxFixture.Request("acme", "job"));
        Assert.Equal(SandboxEventTypes.Created, again.Reply!.Type);
        Assert.Equal(SandboxState.Creating, (await _fixture.RecordAsync("acme", "job"))!.State);
    }

    [Fact]
    public async Task Tenant_deletion_deletes_the_records_of_ended_sandboxes_too()
    {
        using var tenants = new TenantFunctionFixture();
        await tenants.SendAsync(TenantEventTypes.Created, """{ "name": "acme" }""");
        await tenants.SeedAsync(SandboxStateKeys.Index("acme"),
            SandboxIndex.Empty with { Ended = [new SandboxIndexEntry("old", tenants.Time.GetUtcNow().AddDays(1))] },
            SandboxJsonContext.Default.SandboxIndex);
        await tenants.SeedAsync(SandboxStateKeys.Record("acme", "old"), new System.Text.Json.Nodes.JsonObject { ["name"] = "old" },
            KabinJsonContext.Default.JsonObject);

        await tenants.SendAsync(TenantEventTypes.Deleted, """{ "name": "acme" }""");

        Assert.Null(await tenants.ReadAsync(SandboxStateKeys.Record("acme", "old"), KabinJsonContext.Default.JsonObject));
    }
}
