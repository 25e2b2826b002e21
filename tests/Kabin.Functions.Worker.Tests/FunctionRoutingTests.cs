using System.Text.Json;

namespace Kabin.Functions.Worker.Tests;

/// <summary>Each function's endpoint dispatches only to that function's handlers.</summary>
public sealed class FunctionRoutingTests(WorkerFixture fixture) : IClassFixture<WorkerFixture>
{
    [Theory]
    [InlineData("sandbox", ContentMode.Binary)]
    [InlineData("sandbox", ContentMode.Structured)]
    [InlineData("sandbox", ContentMode.Batch)]
    [InlineData("policy", ContentMode.Binary)]
    public async Task Tenant_event_sent_to_another_function_is_an_unhandled_type(string function, ContentMode mode)
    {
        using var request = EventMessages.Post(mode, EventMessages.Event(EchoHandler.Echo));

        using var response = function == "policy" ? await fixture.PolicyAsync(request) : await fixture.SandboxAsync(request);

        Assert.Equal(400, (int)response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("https://kabin.dev/problems/unhandled-event-type", problem.RootElement.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Sandbox_request_sent_to_the_tenant_function_is_an_unhandled_type()
    {
        using var request = EventMessages.Post(ContentMode.Binary, EventMessages.Event("dev.kabin.sandbox.requested", data: "{}"));

        using var response = await fixture.TenantAsync(request);

        Assert.Equal(400, (int)response.StatusCode);
    }

    [Fact]
    public async Task Tenant_created_through_the_tenant_function_is_provisioned_in_plan_mode() =>
        await TenantOnboarding.OnboardAcmeAsync(fixture);
}
