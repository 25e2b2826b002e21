using Kabin.Adapters.Dapr;
using Kabin.Adapters.HttpApi;
using Kabin.Adapters.Kubernetes;
using Kabin.Manifests.Tests.Support;

namespace Kabin.Manifests.Tests;

/// <summary>The Kabin settings the Services set are ones the host's adapters bind, with values they accept.</summary>
public sealed class HostSettingsTests
{
    private static readonly string s_storeName = Key(DaprStateStoreOptions.SectionName, nameof(DaprStateStoreOptions.StoreName));
    private static readonly string s_clusterMode = Key(KubernetesClusterOptions.SectionName, nameof(KubernetesClusterOptions.Mode));
    private static readonly string s_apiAuthentication = Key(KabinApiOptions.SectionName, nameof(KabinApiOptions.Authentication));
    private static readonly string s_oidcAudience = Key(OidcDeliveryOptions.SectionName, nameof(OidcDeliveryOptions.Audience));
    private static readonly string s_brokerNamespace = Key("Kabin:Tenants", nameof(Kabin.Tenants.TenantOptions.BrokerNamespace));
    private static readonly string s_requireTenant = Key(Kabin.Sandboxes.SandboxOptions.Section, nameof(Kabin.Sandboxes.SandboxOptions.RequireTenantAttribute));

    public static TheoryData<string, string> Functions() => KnativeServices.Functions();

    private const string MetricsPort = "Kabin__Metrics__Port";

    private static string Key(string section, string property) => $"{section}:{property}".Replace(":", "__", StringComparison.Ordinal);

    [Theory]
    [MemberData(nameof(Functions))]
    public void Service_sets_only_settings_the_host_binds(string service, string function)
    {
        _ = function;
        var names = (KnativeServices.Container(service)["env"] as System.Text.Json.Nodes.JsonArray ?? [])
            .Select(variable => (string?)variable?["name"] ?? "")
            .Where(name => name.StartsWith("Kabin__", StringComparison.Ordinal));

        Assert.All(names, name => Assert.Contains(name, new[] { s_storeName, s_clusterMode, s_apiAuthentication, s_oidcAudience, s_brokerNamespace, s_requireTenant, MetricsPort }));
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public void Service_checks_api_callers_with_kubernetes_and_bounds_its_heap(string service, string function)
    {
        _ = function;

        Assert.Equal("kubernetes", KnativeServices.Env(service, s_apiAuthentication));
        // Eventing's audience for a Knative Service: group/kind/namespace/name, lower case.
        Assert.Equal($"serving.knative.dev/service/kabin-system/{service}", KnativeServices.Env(service, s_oidcAudience));
        // Plain hex, as the Native AOT runtime reads GC settings: 0x4B = 75 %.
        Assert.Equal(75, Convert.ToInt32(KnativeServices.Env(service, "DOTNET_GCHeapHardLimitPercent"), 16));
        Assert.Equal(4 * 1024 * 1024, Convert.ToInt32(KnativeServices.Env(service, "DOTNET_GCgen0size"), 16));
        Assert.Equal(1024 * 1024, Convert.ToInt32(KnativeServices.Env(service, "DOTNET_GCLOHThreshold"), 16));
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public void Metrics_are_scraped_on_the_port_the_host_serves_them_on_and_the_network_policy_opens(string service, string function)
    {
        _ = function;
        var port = KnativeServices.Env(service, MetricsPort);
        var policy = ManifestSet.Named("networking.k8s.io", "NetworkPolicy", "kabin-allow-metrics-scrape").Body;

        Assert.Equal("9464", port);
        Assert.Equal(port, KnativeServices.TemplateAnnotation(service, "prometheus.io/port"));
        Assert.Equal("/metrics", KnativeServices.TemplateAnnotation(service, "prometheus.io/path"));
        // Not Knative's routed port, and not daprd's own metrics port.
        Assert.NotEqual(KnativeServices.Container(service)["ports"]![0]!["containerPort"]!.ToString(), port);
        Assert.NotEqual("9090", port);
        Assert.Equal(port, policy["spec"]!["ingress"]![0]!["ports"]![0]!["port"]!.ToString());
    }

    [Fact]
    public void Tenant_senders_are_bound_to_their_tenant_in_the_shipped_services()
    {
        Assert.Equal("kabin-system", KnativeServices.Env("kabin-tenant", s_brokerNamespace));
        Assert.Equal("true", KnativeServices.Env("kabin-sandbox", s_requireTenant));
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public void Service_applies_to_the_cluster_and_keeps_state_in_dapr(string service, string function)
    {
        _ = function;

        Assert.True(Enum.TryParse<KubernetesClusterMode>(KnativeServices.Env(service, s_clusterMode), ignoreCase: true, out var mode));
        Assert.Equal(KubernetesClusterMode.Apply, mode);
        Assert.False(string.IsNullOrEmpty(KnativeServices.Env(service, s_storeName)));
    }
}
