using System.Text.Json.Nodes;
using Kabin.Manifests.Tests.Support;

namespace Kabin.Manifests.Tests;

/// <summary>What every Kabin function service must be: a Kata VM, cluster-local, restricted, with its state through Dapr.</summary>
public sealed class ServiceShapeTests
{
    public static TheoryData<string, string> Functions() => KnativeServices.Functions();

    [Theory]
    [MemberData(nameof(Functions))]
    public void Service_runs_in_a_kata_runtime_class_defined_with_overhead_and_kata_nodes(string service, string function)
    {
        _ = function;
        var className = (string?)KnativeServices.Template(service)["spec"]?["runtimeClassName"];

        var runtimeClass = ManifestSet.Named("node.k8s.io", "RuntimeClass", className ?? "(none)");

        Assert.StartsWith("kata-", (string?)runtimeClass.Body["handler"], StringComparison.Ordinal);
        Assert.NotNull(runtimeClass.Body["overhead"]?["podFixed"]?["memory"]);
        Assert.NotNull(runtimeClass.Body["overhead"]?["podFixed"]?["cpu"]);
        Assert.Equal("true", (string?)runtimeClass.Body["scheduling"]?["nodeSelector"]?["katacontainers.io/kata-runtime"]);
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public void Service_is_cluster_local_and_runs_restricted(string service, string function)
    {
        _ = function;
        var manifest = KnativeServices.Get(service);
        var security = KnativeServices.Container(service)["securityContext"];

        Assert.Equal("cluster-local", (string?)manifest.Body["metadata"]?["labels"]?["networking.knative.dev/visibility"]);
        Assert.Equal("true", (string?)security?["runAsNonRoot"]);
        Assert.Equal("false", (string?)security?["allowPrivilegeEscalation"]);
        Assert.Equal(["ALL"], (security?["capabilities"]?["drop"] as JsonArray ?? []).Select(item => (string?)item));
        Assert.Equal("RuntimeDefault", (string?)security?["seccompProfile"]?["type"]);
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public void Service_keeps_state_in_the_shared_dapr_store(string service, string function)
    {
        _ = function;
        var store = ManifestSet.OfKind("dapr.io", "Component").Single();
        var appId = KnativeServices.TemplateAnnotation(service, "dapr.io/app-id");

        Assert.Equal("true", KnativeServices.TemplateAnnotation(service, "dapr.io/enabled"));
        Assert.Equal(service, appId);
        Assert.Equal((string?)KnativeServices.Container(service)["ports"]?[0]?["containerPort"], KnativeServices.TemplateAnnotation(service, "dapr.io/app-port"));
        Assert.Equal("http", KnativeServices.TemplateAnnotation(service, "dapr.io/app-protocol"));
        Assert.Equal("RuntimeDefault", KnativeServices.TemplateAnnotation(service, "dapr.io/sidecar-seccomp-profile-type"));
        Assert.Equal(store.Name, KnativeServices.Env(service, "Kabin__State__Dapr__StoreName"));
        Assert.Contains(appId, (store.Body["scopes"] as JsonArray ?? []).Select(item => (string?)item));
    }

    [Fact]
    public void State_store_is_redis_shared_across_apps_with_its_password_from_a_secret()
    {
        var store = ManifestSet.OfKind("dapr.io", "Component").Single();
        var metadata = (store.Body["spec"]?["metadata"] as JsonArray ?? []).ToDictionary(item => (string?)item?["name"] ?? "", item => item);

        Assert.Equal("state.redis", (string?)store.Body["spec"]?["type"]);
        Assert.Equal("name", (string?)metadata["keyPrefix"]?["value"]);
        Assert.NotNull(metadata["redisPassword"]?["secretKeyRef"]?["name"]);
        Assert.Null(metadata["redisPassword"]?["value"]);
    }
}
