using System.Text.Json;
using Kabin.Host.Tests.Support;

namespace Kabin.Host.Tests;

public sealed class ErrorStatusTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task Invalid_data_lists_the_fields_to_fix()
    {
        using var response = await fixture.Client.SendAsync(Build("handler-invalid-data"));

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = Assert.Single(body.RootElement.GetProperty("errors").EnumerateArray());
        Assert.Equal("$.name", error.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Headers_beyond_the_limit_are_refused_before_the_event_is_read()
    {
        using var request = EventMessages.Post(ContentMode.Binary, EventMessages.Event(EchoHandler.Echo));
        request.Headers.Add("ce-padding", new string('p', 40 * 1024));

        using var response = await fixture.Client.SendAsync(request);

        Assert.Equal(431, (int)response.StatusCode);
    }

    /// <summary>The status of each case is checked by <see cref="SharedHttpCaseTests"/>; these check more of the answer.</summary>
    private static HttpRequestMessage Build(string kind) => CloudEventHttpCases.Get(kind).Request();
}
