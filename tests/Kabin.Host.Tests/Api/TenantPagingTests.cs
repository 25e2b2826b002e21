using System.Net;
using Kabin.Host.Tests.Support;

namespace Kabin.Host.Tests.Api;

/// <summary><c>GET /tenants</c> in pages (<c>limit</c>, <c>continue</c>), as Kubernetes lists page, over the real host.</summary>
public sealed class TenantPagingTests
{
    [Fact]
    public async Task Pages_of_two_walk_every_tenant_once_in_name_order_and_the_last_page_has_no_continue()
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

        Assert.Equal(names.Order(StringComparer.Ordinal), seen);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task A_page_continues_after_its_last_name_even_when_that_tenant_was_deleted_meanwhile()
    {
        await using var host = await RunningHost.StartAsync();
        foreach (var name in new[] { "alpha", "bravo", "charlie" })
        {
            using var created = await Api.PutTenantAsync(host.Client, name);
        }

        using var first = await host.Client.GetAsync("/tenants?limit=1");
        var token = (await Api.BodyAsync(first))["continue"]!.GetValue<string>();
        using var deleted = await host.Client.DeleteAsync("/tenants/alpha");
        using var next = await host.Client.GetAsync($"/tenants?limit=5&continue={Uri.EscapeDataString(token)}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var body = await Api.BodyAsync(next);
        Assert.Equal(["bravo", "charlie"], body["tenants"]!.AsArray().Select(tenant => tenant!["name"]!.GetValue<string>()));
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
}
