using System.Net;
using System.Text.Json.Nodes;
using Kabin.Host.Tests.Support;

namespace Kabin.Host.Tests.Api;

/// <summary>/tenants/{tenant}/sandboxes over the real host in plan mode, tenant acme of the walkthrough (at most 3 sandboxes).</summary>
public sealed class SandboxApiTests(HostFixture fixture) : IClassFixture<HostFixture>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        using var response = await Api.PutTenantAsync(fixture.Client, "acme");
        Assert.True(response.IsSuccessStatusCode);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_sandbox_is_created_201_read_listed_moved_by_its_pod_and_stopped_204()
    {
        using var created = await RequestAsync("life", "acme");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/tenants/acme/sandboxes/life", created.Headers.Location?.OriginalString);
        Assert.Equal("Creating", (await Api.BodyAsync(created))["state"]!.GetValue<string>());

        var pod = JsonNode.Parse(File.ReadAllText(Api.Walkthrough("pod-running.json")))!.AsObject();
        pod["metadata"]!["name"] = "sbx-life";
        pod["metadata"]!["labels"]!["kabin.dev/sandbox"] = "life";
        var podEvent = EventMessages.Event("dev.knative.apiserver.resource.update", subject: null, data: pod.ToJsonString());
        using var moved = await fixture.Client.SendAsync(EventMessages.Post(ContentMode.Binary, podEvent));
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);

        using var read = await fixture.Client.GetAsync("/tenants/acme/sandboxes/life");
        var record = await Api.BodyAsync(read);
        Assert.Equal("Running", record["state"]!.GetValue<string>());
        Assert.Equal("Running", record["phase"]!.GetValue<string>());
        Assert.Equal(["Requested", "Creating", "Running"], record["history"]!.AsArray().Select(h => h!["state"]!.GetValue<string>()));
        using var list = await fixture.Client.GetAsync("/tenants/acme/sandboxes");
        Assert.Contains((await Api.BodyAsync(list))["sandboxes"]!.AsArray(), s => s!["name"]!.GetValue<string>() == "life");

        using var stopped = await fixture.Client.DeleteAsync("/tenants/acme/sandboxes/life");
        Assert.Equal(HttpStatusCode.NoContent, stopped.StatusCode);
        using var after = await fixture.Client.GetAsync("/tenants/acme/sandboxes/life");
        Assert.Equal("Deleted", (await Api.BodyAsync(after))["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_name_in_use_is_409_and_unknown_names_are_404()
    {
        using var first = await RequestAsync("twice", "acme");
        using var second = await RequestAsync("twice", "acme");
        using var unknownTenant = await RequestAsync("x", "nobody");
        using var unknownSandbox = await fixture.Client.GetAsync("/tenants/acme/sandboxes/none");
        using var stopUnknown = await fixture.Client.DeleteAsync("/tenants/acme/sandboxes/none");
        using var listUnknown = await fixture.Client.GetAsync("/tenants/nobody/sandboxes");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("already has a sandbox named 'twice' (", (await Api.BodyAsync(second))["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknownTenant.StatusCode);
        var told = await unknownTenant.Content.ReadAsStringAsync();
        Assert.Contains("PUT /tenants/nobody", told, StringComparison.Ordinal);
        Assert.DoesNotContain("dev.kabin.tenant.created", told, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknownSandbox.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, stopUnknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, listUnknown.StatusCode);
    }

    [Fact]
    public async Task The_name_of_an_ended_sandbox_is_409_saying_it_ended_and_when_the_name_is_free()
    {
        using var first = await RequestAsync("gone", "acme");
        using var stopped = await fixture.Client.DeleteAsync("/tenants/acme/sandboxes/gone");
        using var again = await RequestAsync("gone", "acme");

        Assert.Equal(HttpStatusCode.NoContent, stopped.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var detail = (await Api.BodyAsync(again))["detail"]!.GetValue<string>();
        Assert.Contains("that ended (Deleted at ", detail, StringComparison.Ordinal);
        Assert.Matches(@"kept for polling until about \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", detail);
        Assert.Contains("RecordRetentionSeconds", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"name":"far","image":"docker.io/library/busybox:1"}""", "spec.containers[0].image")]
    [InlineData("""{"name":"big","image":"ghcr.io/acme/runner:1","cpu":"16"}""", "cpu")]
    [InlineData("""{"name":"BAD NAME","image":"ghcr.io/acme/runner:1"}""", "name")]
    [InlineData("""{"name":"other","tenant":"globex","image":"ghcr.io/acme/runner:1"}""", "tenant")]
    public async Task A_request_the_rules_refuse_is_422_listing_the_fields(string body, string field)
    {
        using var response = await fixture.Client.PostAsync("/tenants/acme/sandboxes", Api.Json(JsonNode.Parse(body)!));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var errors = (await Api.BodyAsync(response))["errors"]!.AsArray();
        Assert.Contains(errors, e => e!["field"]!.GetValue<string>().Contains(field, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_full_tenant_answers_409()
    {
        using var _ = await fixture.Client.PutAsync("/tenants/small", Api.Json(JsonNode.Parse(
            """{"registries":["ghcr.io/acme/"],"sandboxes":{"max":1}}""")!));
        using var first = await RequestAsync("one", "small");
        using var second = await RequestAsync("two", "small");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains((await Api.BodyAsync(second))["errors"]!.AsArray(), e => e!["field"]!.GetValue<string>() == "tenant.sandboxes.max");
    }

    private Task<HttpResponseMessage> RequestAsync(string name, string tenant) =>
        fixture.Client.PostAsync($"/tenants/{tenant}/sandboxes", Api.Json(new JsonObject { ["name"] = name, ["image"] = "ghcr.io/acme/runner:1" }));
}
