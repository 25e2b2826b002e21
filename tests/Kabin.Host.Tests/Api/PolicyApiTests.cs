using System.Net;
using System.Text.Json.Nodes;
using Kabin.Host.Tests.Support;

namespace Kabin.Host.Tests.Api;

/// <summary>POST /policy/check with JSON, YAML and multi-document YAML, against tenant acme of the walkthrough.</summary>
public sealed class PolicyApiTests(HostFixture fixture) : IClassFixture<HostFixture>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        using var response = await Api.PutTenantAsync(fixture.Client, "acme");
        Assert.True(response.IsSuccessStatusCode);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_compliant_deployment_in_yaml_is_allowed()
    {
        using var response = await fixture.Client.PostAsync("/policy/check", Api.File(Api.Walkthrough("deployment-good.yaml"), "application/yaml"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await Api.BodyAsync(response);
        Assert.True(body["allowed"]!.GetValue<bool>(), body.ToJsonString());
        var document = Assert.Single(body["documents"]!.AsArray())!;
        Assert.Equal("Deployment", document["kind"]!.GetValue<string>());
        Assert.Equal("acme", document["result"]!["tenant"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_multi_document_file_gets_a_verdict_per_document_even_as_curls_default_content_type()
    {
        using var response = await fixture.Client.PostAsync("/policy/check",
            Api.File(Api.Walkthrough("deployment-bad.yaml"), "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await Api.BodyAsync(response);
        Assert.False(body["allowed"]!.GetValue<bool>());
        var documents = body["documents"]!.AsArray();
        Assert.Equal(2, documents.Count);
        Assert.Equal(["Deployment", "Pod"], documents.Select(d => d!["kind"]!.GetValue<string>()));
        var rules = documents[0]!["result"]!["violations"]!.AsArray().Select(v => v!["rule"]!.GetValue<string>()).ToArray();
        Assert.Contains("vm-isolation/runtime-class", rules);
        // hostNetwork: yes is YAML 1.1's true, as kubectl reads it.
        Assert.Contains(documents[0]!["result"]!["violations"]!.AsArray(), v => v!["path"]!.GetValue<string>() == "spec.template.spec.hostNetwork");
        Assert.Contains(documents[1]!["result"]!["violations"]!.AsArray(), v => v!["path"]!.GetValue<string>() == "spec.runtimeClassName");
    }

    [Fact]
    public async Task A_json_object_without_namespace_is_judged_for_the_tenant_of_the_query()
    {
        var pod = JsonNode.Parse(File.ReadAllText(Api.Walkthrough("pod-running.json")))!.AsObject();
        pod["metadata"]!.AsObject().Remove("namespace");

        using var response = await fixture.Client.PostAsync("/policy/check?tenant=acme", Api.Json(pod));

        var result = (await Api.BodyAsync(response))["documents"]![0]!["result"]!;
        Assert.Equal("acme", result["tenant"]!.GetValue<string>());
        var violation = Assert.Single(result["violations"]!.AsArray())!;
        Assert.Equal("tenancy/namespace", violation["rule"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_whole_output_of_kubectl_kustomize_is_judged_listing_what_runs_no_pod_and_holding_services_to_the_quota()
    {
        var rendered = await new Kabin.TestDoubles.Kubectl.Kubectl(Path.Combine(Path.GetTempPath(), "kabin-no-kubeconfig"))
            .SucceedAsync("kustomize", Path.Combine(AppContext.BaseDirectory, "testdata", "kustomize", "shop"));

        using var response = await fixture.Client.PostAsync("/policy/check", Api.Yaml(rendered));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await Api.BodyAsync(response);
        var documents = body["documents"]!.AsArray().Select(d => d!.AsObject()).ToList();
        Assert.Equal(["ConfigMap", "Service", "Service", "Deployment"], documents.Select(d => d["kind"]!.GetValue<string>()));
        var settings = documents[0]["result"]!;
        Assert.Equal((false, true, "acme"), (settings["checked"]!.GetValue<bool>(), settings["allowed"]!.GetValue<bool>(), settings["tenant"]!.GetValue<string>()));
        Assert.Contains("runs no pod", settings["notChecked"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(documents[3]["result"]!["allowed"]!.GetValue<bool>(), documents[3].ToJsonString());
        // kustomize's name suffix aside, the two Services: ClusterIP is fine, NodePort is over the tenant's quota of none.
        var services = body["documents"]!.AsArray().Where(d => d!["kind"]!.GetValue<string>() == "Service").ToDictionary(d => d!["name"]!.GetValue<string>(), d => d!["result"]!);
        Assert.True(services["shop"]["allowed"]!.GetValue<bool>());
        Assert.Equal("tenancy/service-type", Assert.Single(services["shop-public"]["violations"]!.AsArray())!["rule"]!.GetValue<string>());
        Assert.False(body["allowed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_kubectl_list_is_judged_item_by_item_and_a_namespace_object_is_listed_as_not_checked()
    {
        const string list = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Namespace\n  metadata: {name: scratch}\n"
            + "- apiVersion: v1\n  kind: Service\n  metadata: {name: lb, namespace: tenant-acme}\n  spec: {type: LoadBalancer, externalIPs: [203.0.113.7]}\n";

        using var response = await fixture.Client.PostAsync("/policy/check", Api.Yaml(list));

        var documents = (await Api.BodyAsync(response))["documents"]!.AsArray();
        Assert.Equal(["Namespace", "Service"], documents.Select(d => d!["kind"]!.GetValue<string>()));
        Assert.False(documents[0]!["result"]!["checked"]!.GetValue<bool>());
        Assert.Null(documents[0]!["result"]!["tenant"]);
        Assert.Equal(["tenancy/service-type", "tenancy/service-type", "tenancy/service-external-ips"],
            documents[1]!["result"]!["violations"]!.AsArray().Select(v => v!["rule"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("/policy/check?tenant=nobody", "kind: Pod\nmetadata: {name: p}\nspec: {containers: []}\n", "tenant")]
    [InlineData("/policy/check", "kind: Pod\nmetadata:\n  name: [unclosed\n", "$")]
    [InlineData("/policy/check", "- just\n- a list\n", "$")]
    [InlineData("/policy/check", "", "$")]
    [InlineData("/policy/check", "kind: Pod\nmetadata: {name: a, namespace: tenant-acme}\nspec: {containers: []}\n---\nkind: Pod\nmetadata: {name: b}\nspec: {containers: []}\n", "documents[1].tenant")]
    public async Task Bodies_that_can_never_be_judged_are_422_naming_the_field(string path, string yaml, string field)
    {
        using var response = await fixture.Client.PostAsync(path, Api.Yaml(yaml));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains((await Api.BodyAsync(response))["errors"]!.AsArray(), e => e!["field"]!.GetValue<string>() == field);
    }

    [Fact]
    public async Task Too_many_documents_are_refused()
    {
        var yaml = string.Concat(Enumerable.Repeat("kind: Pod\n---\n", 101));

        using var response = await fixture.Client.PostAsync("/policy/check", Api.Yaml(yaml));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
    }
}
