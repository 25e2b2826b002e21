using System.Text.Json;
using Kabin.Host.Tests.Support;

namespace Kabin.Host.Tests;

public sealed class AotSmokeTests
{
    // TODO(lead): once the policy function lands, post a dev.kabin.policy.check.requested event here
    // and assert its dev.kabin.policy.checked reply; no function registers an event type yet.
    [AotBinaryFact]
    public async Task Native_binary_starts_reports_ready_and_answers_a_cloudevent()
    {
        await using var host = await NativeHostProcess.StartAsync(AotBinaryFactAttribute.BinaryPath, TimeSpan.FromSeconds(20));

        using var response = await host.Client.SendAsync(
            EventMessages.Post(ContentMode.Binary, EventMessages.Event("dev.example.nobody.handles")));

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("https://kabin.dev/problems/unhandled-event-type", body.RootElement.GetProperty("type").GetString());
    }
}
