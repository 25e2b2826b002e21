using System.Text.Json;
using CloudNative.CloudEvents;
using Kabin.Events;
using Kabin.Json;
using Kabin.Sandboxes;
using Kabin.Tenants;

namespace Kabin.Core.Tests.Events;

public sealed class BoundedNameTests
{
    [Theory]
    [InlineData("tenant")]
    [InlineData("name")]
    public void A_sandbox_request_naming_an_absurdly_long_tenant_or_sandbox_is_refused_at_that_field(string field)
    {
        var error = Assert.Throws<InvalidEventDataException>(() =>
            EventData.Read(Event($$"""{"tenant":"acme","name":"box","{{field}}":"{{new string('a', 400 * 1024)}}"}"""), SandboxJsonContext.Default.SandboxRequest));

        Assert.Equal("$." + field, Assert.Single(error.Errors).Field);
        Assert.Contains("refused unread", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 400, "the refusal does not quote the name");
    }

    [Fact]
    public void Names_up_to_the_bound_are_read_so_that_the_validators_give_the_precise_reason()
    {
        var name = new string('a', BoundedNameConverter.MaxTokenBytes);

        var request = EventData.Read(Event($$"""{"tenant":"{{name}}","name":"box"}"""), SandboxJsonContext.Default.SandboxRequest);
        var stop = EventData.Read(Event($$"""{"tenant":"acme","name":"{{name}}"}"""), SandboxJsonContext.Default.SandboxStopRequest);
        var spec = EventData.Read(Event($$"""{"name":"{{name}}"}"""), TenantJsonContext.Default.TenantSpec);

        Assert.Equal(name, request.Tenant);
        Assert.Equal(name, stop.Name);
        Assert.Equal(name, spec.Name);
    }

    [Fact]
    public void Tenant_events_and_stop_requests_are_bounded_too_and_a_name_that_is_no_string_is_refused()
    {
        var huge = new string('a', BoundedNameConverter.MaxTokenBytes + 1);

        Assert.Throws<InvalidEventDataException>(() => EventData.Read(Event($$"""{"name":"{{huge}}"}"""), TenantJsonContext.Default.TenantSpec));
        Assert.Throws<InvalidEventDataException>(() => EventData.Read(Event($$"""{"name":"{{huge}}"}"""), TenantJsonContext.Default.TenantName));
        Assert.Throws<InvalidEventDataException>(() => EventData.Read(Event($$"""{"tenant":"{{huge}}","name":"box"}"""), SandboxJsonContext.Default.SandboxStopRequest));
        Assert.Throws<InvalidEventDataException>(() => EventData.Read(Event("""{"tenant":42,"name":"box"}"""), SandboxJsonContext.Default.SandboxRequest));
        Assert.Null(EventData.Read(Event("""{"tenant":null,"name":"box"}"""), SandboxJsonContext.Default.SandboxRequest).Tenant);
    }

    private static CloudEvent Event(string json) => new()
    {
        Id = "1",
        Source = new Uri("/test", UriKind.Relative),
        Type = "t",
        Data = JsonDocument.Parse(json).RootElement.Clone(),
    };
}
