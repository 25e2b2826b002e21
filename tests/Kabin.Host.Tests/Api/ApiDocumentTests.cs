using System.Net;
using Kabin.Host.Tests.Support;

namespace Kabin.Host.Tests.Api;

/// <summary>The OpenAPI document, and routes mapped only for the functions a host serves.</summary>
public sealed class ApiDocumentTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task The_openapi_document_names_every_operation_and_its_status_codes()
    {
        using var response = await fixture.Client.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await Api.BodyAsync(response);
        var operations = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(operation => (Id: operation.Value!["operationId"]!.GetValue<string>(), Op: operation.Value!)))
            .ToDictionary(pair => pair.Id, pair => pair.Op);
        Assert.Equal(
            ["CheckPolicy", "CreateSandbox", "DeleteFile", "DeleteTenant", "GetSandbox", "GetTenant", "ListSandboxes", "ListTenants", "PutTenant", "ReadFile", "RunCommand", "StopSandbox", "WriteFile"],
            operations.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["200", "201", "409", "422", "503"], operations["PutTenant"]["responses"]!.AsObject().Select(r => r.Key).Order(StringComparer.Ordinal));
        Assert.NotNull(operations["PutTenant"]["summary"]);
        Assert.Equal(["200", "404", "409", "413", "422", "429", "503"], operations["RunCommand"]["responses"]!.AsObject().Select(r => r.Key).Order(StringComparer.Ordinal));
        Assert.Contains("application/x-ndjson", operations["RunCommand"]["responses"]!["200"]!["content"]!.AsObject().Select(c => c.Key));
        Assert.NotNull(document["components"]?["schemas"]?["TenantView"]);
    }

    [Fact]
    public async Task A_host_serving_only_policy_maps_no_tenant_or_sandbox_routes()
    {
        await using var host = await RunningHost.StartAsync("--KABIN_FUNCTIONS=policy");

        using var tenants = await host.Client.GetAsync("/tenants");
        using var sandboxes = await host.Client.GetAsync("/tenants/acme/sandboxes");
        using var check = await host.Client.PostAsync("/policy/check", Api.Yaml("kind: Pod\n"));

        Assert.Equal(HttpStatusCode.NotFound, tenants.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, sandboxes.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, check.StatusCode);
    }
}
