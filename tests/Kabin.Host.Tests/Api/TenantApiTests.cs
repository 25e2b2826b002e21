using System.Net;
using System.Text.Json.Nodes;
using Kabin.Host.Tests.Support;

namespace Kabin.Host.Tests.Api;

/// <summary>/tenants over the real host in plan mode, with K_SINK at a loopback receiver.</summary>
public sealed class TenantApiTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task Put_creates_with_201_and_location_then_updates_with_200()
    {
        using var created = await Api.PutTenantAsync(fixture.Client, "put-me");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/tenants/put-me", created.Headers.Location?.OriginalString);
        var body = await Api.BodyAsync(created);
        Assert.Equal("tenant-put-me", body["tenant"]!["namespace"]!.GetValue<string>());
        Assert.Equal("plan", body["mode"]!.GetValue<string>());
        Assert.Contains(body["objects"]!.AsArray(), o => o!["kind"]!.GetValue<string>() == "ResourceQuota");

        var spec = Api.TenantSpec();
        spec["podSecurity"] = "baseline";
        using var updated = await fixture.Client.PutAsync("/tenants/put-me", Api.Json(spec));
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var record = (await Api.BodyAsync(updated))["tenant"]!;
        Assert.Equal("baseline", record["podSecurity"]!.GetValue<string>());
        Assert.Equal(2, record["generation"]!.GetValue<long>());
    }

    [Fact]
    public async Task Put_takes_a_yaml_spec()
    {
        const string yaml = "owners:\n  - kind: User\n    name: bob@yaml.example\nruntimeClasses: [kata-qemu]\nsandboxes:\n  max: 2\n";

        using var response = await fixture.Client.PutAsync("/tenants/yaml-spec", Api.Yaml(yaml));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(2, (await Api.BodyAsync(response))["tenant"]!["sandboxes"]!["max"]!.GetValue<int>());
    }

    [Fact]
    public async Task Get_answers_the_record_and_objects_and_404_for_an_unknown_tenant()
    {
        using var _ = await Api.PutTenantAsync(fixture.Client, "get-me");

        using var found = await fixture.Client.GetAsync("/tenants/get-me");
        using var missing = await fixture.Client.GetAsync("/tenants/nobody");
        using var list = await fixture.Client.GetAsync("/tenants");

        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        var body = await Api.BodyAsync(found);
        Assert.Equal(body["tenant"]!["objects"]!.AsArray().Count, body["objects"]!.AsArray().Count);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Contains((await Api.BodyAsync(list))["tenants"]!.AsArray(), t => t!["name"]!.GetValue<string>() == "get-me");
    }

    [Fact]
    public async Task Delete_answers_204_then_404()
    {
        using var _ = await Api.PutTenantAsync(fixture.Client, "delete-me");

        using var deleted = await fixture.Client.DeleteAsync("/tenants/delete-me");
        using var again = await fixture.Client.DeleteAsync("/tenants/delete-me");
        using var gone = await fixture.Client.GetAsync("/tenants/delete-me");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Theory]
    [InlineData("""{"podSecurity":"privileged","runtimeClasses":["runc"]}""", "podSecurity")]
    [InlineData("""{"name":"someone-else"}""", "name")]
    [InlineData("""{"quota":{"cpu":"lots"}}""", "quota.cpu")]
    public async Task An_invalid_spec_is_422_listing_each_invalid_field(string spec, string field)
    {
        using var response = await fixture.Client.PutAsync("/tenants/invalid", Api.Json(JsonNode.Parse(spec)!));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await Api.BodyAsync(response))["errors"]!.AsArray();
        Assert.Contains(errors, e => e!["field"]!.GetValue<string>() == field);
        using var missing = await fixture.Client.GetAsync("/tenants/invalid");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task The_reply_goes_to_the_sink_because_no_broker_sees_it()
    {
        using var _ = await Api.PutTenantAsync(fixture.Client, "sunk");

        // Other tests of this class publish too: wait for more arrivals until this tenant's reply is among them.
        var count = 1;
        var received = await fixture.Sink.WaitForAsync(count, TimeSpan.FromSeconds(10));
        while (!received.Any(IsReply))
        {
            received = await fixture.Sink.WaitForAsync(++count, TimeSpan.FromSeconds(10));
        }

        Assert.Contains(received, IsReply);
        static bool IsReply(Kabin.TestDoubles.Sink.ReceivedRequest r) =>
            r.Header("ce-type") == "dev.kabin.tenant.provisioned" && r.Header("ce-subject") == "sunk" && r.Header("ce-source") == "/kabin/tenant";
    }
}
