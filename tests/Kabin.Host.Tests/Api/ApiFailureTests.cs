using System.Net;
using System.Text.Json.Nodes;
using Kabin.Adapters.Sqlite;
using Kabin.Host.Tests.Sandboxes;
using Kabin.Host.Tests.Support;
using Kabin.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Kabin.Host.Tests.Api;

/// <summary>The API against the API-server double (tenant acme provisioned): transient failures, conflicts, apply mode.</summary>
public sealed class ApiFailureTests(SandboxHostFixture fixture) : IClassFixture<SandboxHostFixture>
{
    [Fact]
    public async Task An_api_server_that_fails_makes_a_write_503_with_retry_after_and_a_retry_succeeds()
    {
        fixture.Server.FailNext(100, 503, request => request.Path.Contains("tenant-globex", StringComparison.Ordinal));

        using var failed = await Api.PutTenantAsync(fixture.Host.Client, "globex");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Equal("application/problem+json", failed.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(failed.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task A_read_that_meets_a_failing_api_server_is_503()
    {
        fixture.Server.FailNext(1, 500, request => request.Method == "GET" && request.Path.Contains("resourcequotas", StringComparison.Ordinal));

        using var failed = await fixture.Host.Client.GetAsync("/tenants/acme");
        using var retried = await fixture.Host.Client.GetAsync("/tenants/acme");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.True(failed.Headers.Contains("Retry-After"));
        Assert.Equal("apply", (await Api.BodyAsync(retried))["mode"]!.GetValue<string>());
    }

    [Fact]
    public async Task Stopping_with_a_cluster_is_202_until_the_pods_delete_event_arrives()
    {
        using var created = await fixture.Host.Client.PostAsync("/tenants/acme/sandboxes",
            Api.Json(new JsonObject { ["name"] = "stop-me", ["image"] = "ghcr.io/acme/runner:1" }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        using var stopping = await fixture.Host.Client.DeleteAsync("/tenants/acme/sandboxes/stop-me");

        Assert.Equal(HttpStatusCode.Accepted, stopping.StatusCode);
        Assert.Equal("Stopping", (await Api.BodyAsync(stopping))["state"]!.GetValue<string>());
        Assert.Null(fixture.Pod("stop-me"));
    }

    [Fact]
    public async Task A_change_that_keeps_losing_to_concurrent_writers_is_409()
    {
        await using var host = await RunningHost.StartAsync(services => services.Replace(ServiceDescriptor.Singleton<IStateStore>(
            provider => new ContendedStateStore(provider.GetRequiredService<SqliteStateStore>(), "sandbox/"))));
        using var tenant = await Api.PutTenantAsync(host.Client, "acme");
        Assert.Equal(HttpStatusCode.Created, tenant.StatusCode);

        using var response = await host.Client.PostAsync("/tenants/acme/sandboxes",
            Api.Json(new JsonObject { ["name"] = "contended", ["image"] = "ghcr.io/acme/runner:1" }));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("https://kabin.dev/problems/conflict", (await Api.BodyAsync(response))["type"]!.GetValue<string>());
    }
}
