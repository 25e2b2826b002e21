using System.Net;
using System.Text.Json;
using Kabin.Host.Tests.Support;

namespace Kabin.Host.Tests;

public sealed class HealthTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task Liveness_answers_200()
    {
        using var response = await fixture.Client.GetAsync(new Uri("/health/liveness", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Readiness_reports_the_functions_served_and_the_event_types_handled()
    {
        using var response = await fixture.Client.GetAsync(new Uri("/health/readiness", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("ready", body.RootElement.GetProperty("status").GetString());
        Assert.Equal(["policy", "sandbox", "tenant"], body.RootElement.GetProperty("functions").EnumerateArray().Select(f => f.GetString()));
        Assert.Contains(EchoHandler.Echo, body.RootElement.GetProperty("eventTypes").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task Get_on_the_event_endpoint_is_not_allowed()
    {
        using var response = await fixture.Client.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }
}
