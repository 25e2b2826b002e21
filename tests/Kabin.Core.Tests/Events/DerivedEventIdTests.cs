using CloudNative.CloudEvents;
using Kabin.Events;

namespace Kabin.Core.Tests.Events;

/// <summary>An emitted event's id follows from its cause, type and subject, so a redelivery emits the same ids.</summary>
public sealed class DerivedEventIdTests
{
    private static CloudEvent Cause(string id) => new() { Id = id, Source = new Uri("/portal", UriKind.Relative), Type = "dev.kabin.tenant.created" };

    [Fact]
    public void The_same_cause_type_and_subject_give_the_same_id_and_anything_else_another()
    {
        var first = KabinCloudEvents.Create("tenant", "dev.kabin.tenant.provisioned", "acme", "x", KabinJsonContext.Default.String, DateTimeOffset.UnixEpoch, Cause("1"));
        var redelivered = KabinCloudEvents.Create("tenant", "dev.kabin.tenant.provisioned", "acme", "x", KabinJsonContext.Default.String, DateTimeOffset.UnixEpoch, Cause("1"));

        Assert.Equal(first.Id, redelivered.Id);
        Assert.NotEqual(first.Id, KabinCloudEvents.DerivedId(Cause("2"), "dev.kabin.tenant.provisioned", "acme"));
        Assert.NotEqual(first.Id, KabinCloudEvents.DerivedId(Cause("1"), "dev.kabin.tenant.rejected", "acme"));
        Assert.NotEqual(first.Id, KabinCloudEvents.DerivedId(Cause("1"), "dev.kabin.tenant.provisioned", "beta"));
        Assert.Equal('5', first.Id![14]);
    }

    [Fact]
    public void An_event_without_a_cause_gets_a_fresh_id()
    {
        var one = KabinCloudEvents.Create("sandbox", "dev.kabin.sandbox.expired", "acme/a", "x", KabinJsonContext.Default.String, DateTimeOffset.UnixEpoch);
        var two = KabinCloudEvents.Create("sandbox", "dev.kabin.sandbox.expired", "acme/a", "x", KabinJsonContext.Default.String, DateTimeOffset.UnixEpoch);

        Assert.NotEqual(one.Id, two.Id);
    }
}
