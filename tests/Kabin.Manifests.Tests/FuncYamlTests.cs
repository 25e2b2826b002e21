using System.Text.Json.Nodes;
using Kabin.Events;
using Kabin.Manifests.Tests.Support;

namespace Kabin.Manifests.Tests;

/// <summary>The Knative Services against func.yaml, the host's own deployment descriptor.</summary>
public sealed class FuncYamlTests
{
    private static readonly Lazy<JsonNode> s_func = new(() =>
        YamlJson.ReadAll(File.ReadAllText(RepositoryRoot.Combine("func.yaml")))[0]!);

    private static JsonNode Deploy => s_func.Value["deploy"]!;

    public static TheoryData<string, string> Functions() => KnativeServices.Functions();

    public static TheoryData<string> EventServices() => KnativeServices.EventServices();

    [Theory]
    [MemberData(nameof(Functions))]
    public void Service_probes_the_health_endpoints_func_yaml_declares(string service, string function)
    {
        _ = function;
        var container = KnativeServices.Container(service);

        Assert.Equal((string?)Deploy["healthEndpoints"]?["liveness"], (string?)container["livenessProbe"]?["httpGet"]?["path"]);
        Assert.Equal((string?)Deploy["healthEndpoints"]?["readiness"], (string?)container["readinessProbe"]?["httpGet"]?["path"]);
        Assert.Equal((string?)container["ports"]?[0]?["containerPort"], (string?)container["readinessProbe"]?["httpGet"]?["port"]);
    }

    [Theory]
    [MemberData(nameof(EventServices))]
    public void Event_service_scales_between_func_yaml_bounds(string service)
    {
        var options = Deploy["options"]!["scale"]!;

        Assert.Equal((string?)options["min"], KnativeServices.TemplateAnnotation(service, "autoscaling.knative.dev/min-scale"));
        Assert.True(
            Scalars.Number(KnativeServices.TemplateAnnotation(service, "autoscaling.knative.dev/max-scale"), $"{service} max-scale")
                <= Scalars.Number((string?)options["max"], "func.yaml deploy.options.scale.max"),
            $"{service} may scale beyond func.yaml's max.");
    }

    [Fact]
    public void Admission_service_stays_warm_with_a_short_timeout()
    {
        var minScale = Scalars.Number(KnativeServices.TemplateAnnotation("kabin-admission", "autoscaling.knative.dev/min-scale"), "kabin-admission min-scale");
        var timeout = Scalars.Number((string?)KnativeServices.Template("kabin-admission")["spec"]?["timeoutSeconds"], "kabin-admission timeoutSeconds");

        Assert.True(minScale >= 1, "The API server must never wait for a Kata cold start: kabin-admission needs min-scale 1 or more.");
        Assert.InRange(timeout, 1, 10);
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public void Service_serves_its_function_in_func_yaml_namespace_within_its_limits(string service, string function)
    {
        var manifest = KnativeServices.Get(service);
        var limits = KnativeServices.Container(service)["resources"]?["limits"];

        Assert.Equal([function], KabinFunctions.Parse(KnativeServices.Env(service, "KABIN_FUNCTIONS")));
        Assert.Equal((string?)Deploy["namespace"], manifest.Namespace);
        Assert.Equal((string?)Deploy["options"]?["resources"]?["limits"]?["cpu"], (string?)limits?["cpu"]);
        Assert.Equal((string?)Deploy["options"]?["resources"]?["limits"]?["memory"], (string?)limits?["memory"]);
        Assert.Equal("apply", KnativeServices.Env(service, "Kabin__Cluster__Mode"));
    }
}
