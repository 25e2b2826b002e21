using System.Globalization;
using System.Text.Json.Nodes;
using Kabin.Tenants;

namespace Kabin.Policy;

/// <summary>
/// <c>tenancy/service-type</c> and <c>tenancy/service-external-ips</c>: what the tenant's
/// ResourceQuota would refuse at apply time (<c>services.nodeports</c>,
/// <c>services.loadbalancers</c>: none unless the spec allows them), said before it is applied;
/// and external IPs, which no tenant may claim on a shared cluster.
/// </summary>
internal static class ServiceRule
{
    public static void Check(JsonObject service, TenantRecord tenant, List<PolicyViolation> sink)
    {
        var spec = JsonNav.Object(service, "spec");
        if (JsonNav.Has(spec, "type") && JsonNav.String(spec, "type") is null)
        {
            // Unreadable is not ClusterIP: the guard turns this into a denial.
            throw new InvalidOperationException("spec.type is not a string.");
        }

        var type = JsonNav.String(spec, "type") ?? "ClusterIP";
        var counts = tenant.Quota.Counts;
        // A LoadBalancer allocates node ports too, unless told not to.
        var nodePorts = type == "NodePort" || (type == "LoadBalancer" && JsonNav.Bool(spec, "allocateLoadBalancerNodePorts") != false);
        if (type == "LoadBalancer" && counts.LoadBalancers == 0)
        {
            sink.Add(new PolicyViolation(PolicyRules.ServiceType, "spec.type",
                $"Tenant '{tenant.Name}' may open no cloud load balancer (services.loadbalancers: 0). Use type ClusterIP behind the cluster's ingress, or allow loadBalancers in the tenant's quota."));
        }

        if (nodePorts && counts.NodePorts == 0)
        {
            sink.Add(new PolicyViolation(PolicyRules.ServiceType, type == "NodePort" ? "spec.type" : "spec.allocateLoadBalancerNodePorts",
                $"Tenant '{tenant.Name}' may open no node port (services.nodeports: 0). Use type ClusterIP{(type == "LoadBalancer" ? ", set allocateLoadBalancerNodePorts: false" : "")}, or allow nodePorts in the tenant's quota."));
        }

        if (JsonNav.Array(spec, "externalIPs") is { Count: > 0 } addresses)
        {
            sink.Add(new PolicyViolation(PolicyRules.ServiceExternalIps, "spec.externalIPs",
                $"A tenant's Service claims no external IPs ({addresses.Count.ToString(CultureInfo.InvariantCulture)} given): on a shared cluster it would take traffic meant for those addresses from every tenant. Remove spec.externalIPs."));
        }
    }
}
