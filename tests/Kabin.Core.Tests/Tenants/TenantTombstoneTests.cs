using CloudNative.CloudEvents;
using Kabin.Tenants;

namespace Kabin.Tests.Tenants;

/// <summary>The ordering rule: a created or updated no later than the tenant's deletion does not bring it back.</summary>
public sealed class TenantTombstoneTests
{
    private const string Acme = """{ "name": "acme" }""";

    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 11, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_created_redelivered_after_the_deletion_is_refused_and_creates_nothing()
    {
        using var fixture = new TenantFunctionFixture();
        var created = At(TenantEventTypes.Created, Acme, T0);
        await SendAsync(fixture, created);
        await SendAsync(fixture, At(TenantEventTypes.Deleted, Acme, T0.AddMinutes(1)));
        var callsBefore = fixture.Cluster.Calls.Count;

        var again = await SendAsync(fixture, created);

        Assert.Equal(TenantEventTypes.Rejected, again.Type);
        Assert.Equal("time", (string?)TenantFunctionFixture.DataOf(again)["reasons"]![0]!["field"]);
        Assert.DoesNotContain(fixture.Cluster.Calls.Skip(callsBefore), call => call.StartsWith("apply", StringComparison.Ordinal));
        Assert.Null(await fixture.Directory.FindByNameAsync("acme", CancellationToken.None));
        Assert.Null(await fixture.Plan.GetAsync(new Kabin.Cluster.ResourceRef("v1", "Namespace", null, "tenant-acme"), CancellationToken.None));
    }

    [Fact]
    public async Task An_update_sent_before_the_deletion_but_arriving_after_it_is_refused()
    {
        using var fixture = new TenantFunctionFixture();
        await SendAsync(fixture, At(TenantEventTypes.Created, Acme, T0));
        await SendAsync(fixture, At(TenantEventTypes.Deleted, Acme, T0.AddMinutes(2)));

        var late = await SendAsync(fixture, At(TenantEventTypes.Updated, """{ "name": "acme", "podSecurity": "baseline" }""", T0.AddMinutes(1)));

        Assert.Equal(TenantEventTypes.Rejected, late.Type);
        Assert.Null(await fixture.Directory.FindByNameAsync("acme", CancellationToken.None));
    }

    [Fact]
    public async Task A_deletion_that_overtakes_the_creation_refuses_the_creation_when_it_comes()
    {
        using var fixture = new TenantFunctionFixture();
        await SendAsync(fixture, At(TenantEventTypes.Deleted, Acme, T0.AddMinutes(1)));

        var created = await SendAsync(fixture, At(TenantEventTypes.Created, Acme, T0));

        Assert.Equal(TenantEventTypes.Rejected, created.Type);
    }

    [Fact]
    public async Task A_real_re_creation_after_the_deletion_works_and_older_events_stay_refused()
    {
        using var fixture = new TenantFunctionFixture();
        await SendAsync(fixture, At(TenantEventTypes.Created, Acme, T0));
        await SendAsync(fixture, At(TenantEventTypes.Deleted, Acme, T0.AddMinutes(1)));

        var recreated = await SendAsync(fixture, At(TenantEventTypes.Created, Acme, T0.AddMinutes(2)));
        var stale = await SendAsync(fixture, At(TenantEventTypes.Updated, """{ "name": "acme", "podSecurity": "baseline" }""", T0.AddSeconds(30)));

        Assert.Equal(TenantEventTypes.Provisioned, recreated.Type);
        Assert.Equal(TenantEventTypes.Rejected, stale.Type);
        var record = await fixture.Directory.FindByNameAsync("acme", CancellationToken.None);
        Assert.Equal((PodSecurityLevel.Restricted, 1), (record!.PodSecurity, record.Generation));
    }

    [Fact]
    public async Task Events_without_a_time_are_ordered_by_their_arrival()
    {
        using var fixture = new TenantFunctionFixture();
        await fixture.SendAsync(TenantEventTypes.Created, Acme);
        await fixture.SendAsync(TenantEventTypes.Deleted, Acme);
        fixture.Time.Advance(TimeSpan.FromSeconds(1));

        var recreated = await fixture.SendAsync(TenantEventTypes.Created, Acme);

        Assert.Equal(TenantEventTypes.Provisioned, recreated.Type);
    }

    private static CloudEvent At(string type, string json, DateTimeOffset time)
    {
        var cloudEvent = TenantFunctionFixture.Event(type, json);
        cloudEvent.Time = time;
        return cloudEvent;
    }

    private static async Task<CloudEvent> SendAsync(TenantFunctionFixture fixture, CloudEvent cloudEvent) =>
        (await fixture.Handler.HandleAsync(cloudEvent, CancellationToken.None)).Reply!;
}
