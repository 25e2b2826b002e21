using System.Text.Json.Nodes;
using Kabin.Policy;
using Kabin.Tenants;

namespace Kabin.Core.Tests.Policy;

/// <summary>A tenant's Services against its quota's node ports and load balancers, and external IPs.</summary>
public sealed class ServiceRuleTests
{
    private static JsonObject Service(string? type, bool? allocateNodePorts = null, params string[] externalIps)
    {
        var spec = new JsonObject { ["ports"] = new JsonArray(new JsonObject { ["port"] = 80 }) };
        if (type is not null)
        {
            spec["type"] = type;
        }

        if (allocateNodePorts is { } allocate)
        {
            spec["allocateLoadBalancerNodePorts"] = allocate;
        }

        if (externalIps.Length > 0)
        {
            spec["externalIPs"] = new JsonArray([.. externalIps.Select(ip => (JsonNode?)ip)]);
        }

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Service",
            ["metadata"] = new JsonObject { ["name"] = "web", ["namespace"] = TestTenants.Acme().Namespace },
            ["spec"] = spec,
        };
    }

    private static TenantRecord Allowing(int nodePorts, int loadBalancers)
    {
        var acme = TestTenants.Acme();
        return acme with { Quota = acme.Quota with { Objects = new TenantObjectCounts(NodePorts: nodePorts, LoadBalancers: loadBalancers) } };
    }

    private static string[] Rules(JsonObject service, TenantRecord tenant) =>
        [.. PolicyEngine.CheckService(service, tenant).Violations.Select(v => $"{v.Rule}@{v.Path}")];

    [Fact]
    public void A_cluster_ip_service_in_the_tenants_namespace_is_allowed_by_default()
    {
        Assert.Empty(Rules(Service(null), TestTenants.Acme()));
        Assert.Empty(Rules(Service("ClusterIP"), TestTenants.Acme()));
    }

    [Fact]
    public void Node_ports_and_load_balancers_are_denied_where_the_quota_allows_none()
    {
        Assert.Equal(["tenancy/service-type@spec.type"], Rules(Service("NodePort"), TestTenants.Acme()));
        Assert.Equal(["tenancy/service-type@spec.type", "tenancy/service-type@spec.allocateLoadBalancerNodePorts"], Rules(Service("LoadBalancer"), TestTenants.Acme()));
    }

    [Fact]
    public void A_load_balancer_without_node_ports_needs_only_load_balancers_and_allowed_kinds_pass()
    {
        Assert.Empty(Rules(Service("LoadBalancer", allocateNodePorts: false), Allowing(nodePorts: 0, loadBalancers: 1)));
        Assert.Equal(["tenancy/service-type@spec.allocateLoadBalancerNodePorts"], Rules(Service("LoadBalancer"), Allowing(nodePorts: 0, loadBalancers: 1)));
        Assert.Empty(Rules(Service("NodePort"), Allowing(nodePorts: 2, loadBalancers: 0)));
    }

    [Fact]
    public void External_ips_are_denied_whatever_the_quota_and_another_namespace_is_denied()
    {
        Assert.Equal(["tenancy/service-external-ips@spec.externalIPs"], Rules(Service("ClusterIP", null, "203.0.113.7"), Allowing(9, 9)));
        var elsewhere = Service(null);
        elsewhere["metadata"]!["namespace"] = "kube-system";
        Assert.Equal(["tenancy/namespace@metadata.namespace"], Rules(elsewhere, TestTenants.Acme()));
    }

    [Fact]
    public void A_malformed_spec_is_denied_as_a_policy_error_never_allowed()
    {
        var broken = Service("NodePort");
        broken["spec"]!["type"] = new JsonObject();

        var verdict = PolicyEngine.CheckService(broken, TestTenants.Acme());

        Assert.False(verdict.Allowed);
        Assert.Equal(PolicyRules.Error, Assert.Single(verdict.Violations).Rule);
    }
}
