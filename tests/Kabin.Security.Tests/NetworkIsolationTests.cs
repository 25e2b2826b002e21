using System.Net;
using System.Text.Json.Nodes;
using Kabin.Adapters.HttpApi.Yaml;
using Kabin.LocalCluster;
using Kabin.Security.Tests.Support;

namespace Kabin.Security.Tests;

/// <summary>
/// Threat: a tenant's pod connects to Kabin's pods, another tenant's pods or the cloud metadata
/// address (on ffd1a99 kabin-system had no NetworkPolicy and <c>cluster</c>/<c>internet</c> egress
/// reached every namespace). The NetworkPolicies are the ones in the cluster: knative/'s, and the
/// tenants' as the tenant function applied them; the evaluator follows the NetworkPolicy API.
/// </summary>
public sealed class NetworkIsolationTests : IAsyncLifetime
{
    private static readonly PodEndpoint Acme = Pod("tenant-acme", "10.1.0.10", ("kabin.dev/sandbox", "job"));
    private static readonly PodEndpoint AcmeOther = Pod("tenant-acme", "10.1.0.11");
    private static readonly PodEndpoint Beta = Pod("tenant-beta", "10.1.1.10");
    private static readonly PodEndpoint Gamma = Pod("tenant-gamma", "10.1.2.10");
    private static readonly PodEndpoint KabinTenant = Pod("kabin-system", "10.0.5.10", ("serving.knative.dev/service", "kabin-tenant"));
    private static readonly PodEndpoint KabinAdmission = Pod("kabin-system", "10.0.5.11", ("serving.knative.dev/service", "kabin-admission"));
    private static readonly PodEndpoint Activator = Pod("knative-serving", "10.0.6.10", ("app", "activator"));
    private static readonly PodEndpoint Dispatcher = Pod("knative-eventing", "10.0.7.10", ("app", "mt-broker-filter"));
    private static readonly PodEndpoint Dns = Pod("kube-system", "10.0.8.10", ("k8s-app", "kube-dns"));

    /// <summary>This cluster's pod range (10.0.0.0/15 holds every pod above) and service range.</summary>
    private const string ClusterCidrs = "10.0.0.0/15,10.96.0.0/12";

    private ClusterWorld _world = null!;
    private NetworkPolicyEvaluator _network = null!;

    public async Task InitializeAsync()
    {
        _world = await ClusterWorld.StartAsync($"--Kabin:Tenants:ClusterCidrs={ClusterCidrs}");
        var platform = YamlJsonReader.ReadDocuments(
            await File.ReadAllTextAsync(Path.Combine(Repository.Root, "knative", "networkpolicies.yaml")), new YamlLimits(100, 100_000, 64));
        foreach (var policy in platform)
        {
            _world.Cluster.Seed(policy!.AsObject());
        }

        foreach (var (tenant, egress) in new[] { ("acme", "internet"), ("beta", "cluster"), ("gamma", "none") })
        {
            var spec = new JsonObject
            {
                ["owners"] = new JsonArray(new JsonObject { ["kind"] = "User", ["name"] = $"alice@{tenant}.example" }),
                ["runtimeClasses"] = new JsonArray("kata-qemu"),
                ["network"] = new JsonObject { ["egress"] = egress },
            };
            var created = await _world.Host.PutJsonAsync($"/tenants/{tenant}", spec, KubeApiServerDouble.AdminToken);
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        }

        _network = new NetworkPolicyEvaluator(await AppliedPoliciesAsync(), new Dictionary<string, IReadOnlyDictionary<string, string>>());
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Theory]
    [InlineData("acme")]
    [InlineData("beta")]
    [InlineData("gamma")]
    public void No_tenant_pod_reaches_kabins_pods_on_any_port_whatever_its_egress(string tenant)
    {
        var pod = tenant switch { "acme" => Acme, "beta" => Beta, _ => Gamma };

        foreach (var port in new[] { 8080, 8443, 9090 })
        {
            Assert.False(_network.Allows(pod, KabinTenant, KabinTenant.Ip, port), $"{tenant} → kabin-tenant:{port}");
            Assert.False(_network.Allows(pod, KabinAdmission, KabinAdmission.Ip, port), $"{tenant} → kabin-admission:{port}");
        }
    }

    [Fact]
    public void No_tenant_reaches_another_tenants_pods_and_none_reaches_the_cloud_metadata_address()
    {
        Assert.False(_network.Allows(Acme, Beta, Beta.Ip, 8080));
        Assert.False(_network.Allows(Beta, Acme, Acme.Ip, 8080));
        Assert.False(_network.Allows(Gamma, Beta, Beta.Ip, 8080));
        Assert.True(_network.Allows(Acme, AcmeOther, AcmeOther.Ip, 8080), "a tenant's own pods talk to each other");
        foreach (var pod in new[] { Acme, Beta, Gamma })
        {
            Assert.False(_network.Allows(pod, null, "169.254.169.254", 80), $"{pod.Namespace} → metadata");
        }
    }

    [Fact]
    public void Egress_modes_open_what_they_name_and_nothing_more()
    {
        Assert.True(_network.Allows(Acme, null, "93.184.216.34", 443), "internet egress reaches the internet");
        Assert.False(_network.Allows(Beta, null, "93.184.216.34", 443), "cluster egress does not");
        Assert.True(_network.Allows(Beta, Dispatcher, Dispatcher.Ip, 8080), "cluster egress reaches an unprotected platform namespace (the broker)");
        Assert.False(_network.Allows(Gamma, Dispatcher, Dispatcher.Ip, 8080), "none reaches only its own namespace");
        foreach (var pod in new[] { Acme, Beta, Gamma })
        {
            Assert.True(_network.Allows(pod, Dns, Dns.Ip, 53, "UDP"), $"{pod.Namespace} resolves names");
            Assert.False(_network.Allows(pod, Dns, Dns.Ip, 10250), $"{pod.Namespace} → kube-system beyond DNS");
        }
    }

    [Fact]
    public void Knatives_data_plane_delivers_to_kabin_and_the_api_server_reaches_only_the_webhook_port()
    {
        Assert.True(_network.Allows(Activator, KabinTenant, KabinTenant.Ip, 8080));
        Assert.True(_network.Allows(Dispatcher, KabinTenant, KabinTenant.Ip, 8080));
        Assert.True(_network.Allows(Activator, Acme, Acme.Ip, 8080), "Knative's activator reaches tenants' services");

        // The API server is no pod: it comes from an address outside every namespace.
        Assert.True(_network.Allows(null, KabinAdmission, KabinAdmission.Ip, 8443));
        Assert.False(_network.Allows(null, KabinAdmission, KabinAdmission.Ip, 8080));
        Assert.False(_network.Allows(null, KabinTenant, KabinTenant.Ip, 8443));
    }

    [Fact]
    public async Task Each_guard_alone_keeps_an_internet_tenant_from_kabin_and_without_both_it_would_get_in()
    {
        var neither = await EvaluatorAsync(kabinSystemPolicies: false, clusterRanges: false);
        var onlyKabinSystem = await EvaluatorAsync(kabinSystemPolicies: true, clusterRanges: false);
        var onlyRanges = await EvaluatorAsync(kabinSystemPolicies: false, clusterRanges: true);

        Assert.True(neither.Allows(Acme, KabinTenant, KabinTenant.Ip, 8080), "an internet tenant's 0.0.0.0/0 matches pod IPs");
        Assert.False(onlyKabinSystem.Allows(Acme, KabinTenant, KabinTenant.Ip, 8080));
        Assert.False(onlyRanges.Allows(Acme, KabinTenant, KabinTenant.Ip, 8080));
        Assert.False(neither.Allows(Beta, KabinTenant, KabinTenant.Ip, 8080), "cluster egress excludes the protected namespaces by itself");
    }

    [Fact]
    public async Task Keeping_the_cluster_ranges_out_of_internet_egress_is_what_stops_an_internet_tenant_at_ports_open_to_any_address()
    {
        var withoutRanges = await EvaluatorAsync(kabinSystemPolicies: true, clusterRanges: false);

        Assert.True(withoutRanges.Allows(Acme, KabinAdmission, KabinAdmission.Ip, 8443), "the webhook port admits any address");
        Assert.True(withoutRanges.Allows(Acme, Dns, Dns.Ip, 10250));
        Assert.False(_network.Allows(Acme, KabinAdmission, KabinAdmission.Ip, 8443));
        Assert.False(_network.Allows(Acme, Dns, Dns.Ip, 10250));
        Assert.True(_network.Allows(Acme, null, "93.184.216.34", 443));
    }

    /// <summary>The applied policies, less kabin-system's or less the cluster ranges in internet egress (as with Kabin:Tenants:ClusterCidrs empty).</summary>
    private async Task<NetworkPolicyEvaluator> EvaluatorAsync(bool kabinSystemPolicies, bool clusterRanges)
    {
        var policies = (await AppliedPoliciesAsync())
            .Where(policy => kabinSystemPolicies || (string?)policy["metadata"]!["namespace"] != "kabin-system")
            .Select(policy => policy.DeepClone().AsObject())
            .ToList();
        if (!clusterRanges)
        {
            foreach (var block in policies.SelectMany(policy => policy["spec"]?["egress"]?.AsArray() ?? []).SelectMany(rule => rule!["to"]?.AsArray() ?? []).Select(peer => peer!["ipBlock"]).OfType<JsonObject>())
            {
                block["except"] = new JsonArray("169.254.169.254/32");
            }
        }

        return new NetworkPolicyEvaluator(policies, new Dictionary<string, IReadOnlyDictionary<string, string>>());
    }

    private async Task<IReadOnlyList<JsonObject>> AppliedPoliciesAsync()
    {
        using var answer = await _world.ClusterAsync(HttpMethod.Get, "apis/networking.k8s.io/v1/networkpolicies");
        var list = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!;
        var items = list["items"]!.AsArray().Select(item => item!.AsObject()).ToList();
        Assert.Contains(items, item => (string?)item["metadata"]!["namespace"] == "kabin-system");
        Assert.Equal(3, items.Select(item => (string?)item["metadata"]!["namespace"]).Count(ns => ns?.StartsWith("tenant-", StringComparison.Ordinal) == true) / 4);
        return items;
    }

    private static PodEndpoint Pod(string namespaceName, string ip, params (string Key, string Value)[] labels) =>
        new(namespaceName, labels.ToDictionary(label => label.Key, label => label.Value), ip);
}
