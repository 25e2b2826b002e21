using System.Net;
using Kabin.Host.Tests.Support;

namespace Kabin.Host.Tests.Api;

/// <summary><c>GET /tenants</c> in pages (<c>limit</c>, <c>continue</c>), as Kubernetes lists page, over the real host.</summary>
public sealed class TenantPagingTests
{
    [Fact]
    public async Task Pages_of_two_walk_every_tenant_once_in_the_order_of_one_full_page_and_the_last_page_has_no_continue()
    {
        await using var host = await RunningHost.StartAsync();
        string[] names = ["echo", "alpha", "delta", "bravo", "charlie"];
        foreach (var name in names)
        {
            using var created = await Api.PutTenantAsync(host.Client, name);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var seen = new List<string>();
        var pages = 0;
        string? token = null;
        do
        {
            using var page = await host.Client.GetAsync(token is null ? "/tenants?limit=2" : $"/tenants?limit=2&continue={Uri.EscapeDataString(token)}");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var body = await Api.BodyAsync(page);
            var tenants = body["tenants"]!.AsArray().Select(tenant => tenant!["name"]!.GetValue<string>()).ToList();
            Assert.True(tenants.Count <= 2);
            seen.AddRange(tenants);
            token = body["continue"]?.GetValue<string>();
            pages++;
        }
        while (token is not null && pages < 10);

        using var whole = await host.Client.GetAsync("/tenants");
        var order = (await Api.BodyAsync(whole))["tenants"]!.AsArray().Select(tenant => tenant!["name"]!.GetValue<string>());
        Assert.Equal(names.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
        Assert.Equal(order, seen);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task A_page_continues_after_its_last_name_even_when_that_tenant_was_deleted_meanwhile()
    {
        await using var host = await RunningHost.StartAsync();
        foreach (var name in new[] { "alpha", "bravo", "charlie", "delta" })
        {
            using var created = await Api.PutTenantAsync(host.Client, name);
        }

        using var whole = await host.Client.GetAsync("/tenants");
        var order = (await Api.BodyAsync(whole))["tenants"]!.AsArray().Select(tenant => tenant!["name"]!.GetValue<string>()).ToList();
        using var first = await host.Client.GetAsync("/tenants?limit=1");
        var token = (await Api.BodyAsync(first))["continue"]!.GetValue<string>();
        using var deleted = await host.Client.DeleteAsync($"/tenants/{order[0]}");
        using var next = await host.Client.GetAsync($"/tenants?limit=5&continue={Uri.EscapeDataString(token)}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var body = await Api.BodyAsync(next);
        Assert.Equal(order.Skip(1), body["tenants"]!.AsArray().Select(tenant => tenant!["name"]!.GetValue<string>()));
        Assert.Null(body["continue"]);
    }

    [Theory]
    [InlineData("/tenants?limit=0", "limit")]
    [InlineData("/tenants?limit=501", "limit")]
    [InlineData("/tenants?continue=not%20a%20token", "continue")]
    [InlineData("/tenants?continue=Li4vYmV0YQ", "continue")]
    public async Task A_limit_out_of_range_or_a_token_this_api_never_gave_is_a_400_naming_the_field(string path, string field)
    {
        await using var host = await RunningHost.StartAsync();

        using var response = await host.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, (await Api.BodyAsync(response))["errors"]![0]!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_tenants_sandboxes_page_the_same_way_live_and_ended_alike_and_an_unknown_tenant_is_404()
    {
        await using var host = await RunningHost.StartAsync();
        using var created = await Api.PutTenantAsync(host.Client, "acme");
        foreach (var name in new[] { "c-box", "a-box", "b-box" })
        {
            var request = new System.Text.Json.Nodes.JsonObject { ["name"] = name, ["image"] = "ghcr.io/acme/runner:1", ["ttlSeconds"] = 600 };
            using var sandbox = await host.Client.PostAsync("/tenants/acme/sandboxes", Api.Json(request));
            Assert.Equal(HttpStatusCode.Created, sandbox.StatusCode);
        }

        using var stopped = await host.Client.DeleteAsync("/tenants/acme/sandboxes/a-box");
        using var first = await host.Client.GetAsync("/tenants/acme/sandboxes?limit=2");
        var firstBody = await Api.BodyAsync(first);
        var token = firstBody["continue"]!.GetValue<string>();
        using var second = await host.Client.GetAsync($"/tenants/acme/sandboxes?limit=2&continue={Uri.EscapeDataString(token)}");
        var secondBody = await Api.BodyAsync(second);
        using var unknown = await host.Client.GetAsync("/tenants/nobody/sandboxes?limit=2");
        using var bad = await host.Client.GetAsync("/tenants/acme/sandboxes?limit=9999");

        Assert.Equal(["a-box", "b-box"], firstBody["sandboxes"]!.AsArray().Select(box => box!["name"]!.GetValue<string>()));
        Assert.Equal("deleted", firstBody["sandboxes"]![0]!["state"]!.GetValue<string>().ToLowerInvariant());
        Assert.Equal(["c-box"], secondBody["sandboxes"]!.AsArray().Select(box => box!["name"]!.GetValue<string>()));
        Assert.Null(secondBody["continue"]);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
}
