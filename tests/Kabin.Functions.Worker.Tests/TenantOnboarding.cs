namespace Kabin.Functions.Worker.Tests;

/// <summary>Onboards tenant <c>acme</c> (the Knative host's sandbox tests' spec) through the tenant function.</summary>
internal static class TenantOnboarding
{
    public static async Task OnboardAcmeAsync(WorkerFixture fixture)
    {
        var spec = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "testdata", "acme.spec.json"));
        using var request = EventMessages.Post(ContentMode.Binary, EventMessages.Event("dev.kabin.tenant.created", subject: null, data: spec));
        using var response = await fixture.TenantAsync(request);
        Assert.Equal("dev.kabin.tenant.provisioned", (await EventMessages.ReadReplyAsync(response)).Type);
    }
}
