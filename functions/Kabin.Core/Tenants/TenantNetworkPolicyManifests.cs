using System.Text.Json.Nodes;

namespace Kabin.Tenants;

/// <summary>
/// The tenant's NetworkPolicies. <c>kabin-default-deny</c> denies all ingress and egress; the
/// others open, additively: ingress from the tenant's own namespace, Knative Serving (activator),
/// the ingress namespace and monitoring; DNS to the DNS namespace on UDP and TCP 53; and egress
/// by mode — <c>none</c>: the own namespace only; <c>cluster</c>: every namespace's pods but the
/// protected platform namespaces' (<see cref="TenantOptions.ProtectedNamespaces"/>);
/// <c>internet</c>: those plus 0.0.0.0/0 except the cloud metadata address 169.254.169.254/32 and
/// the cluster's own ranges (<see cref="TenantOptions.ClusterCidrs"/>).
/// No mode opens the metadata address, and IPv6 egress is never opened.
/// </summary>
internal static class TenantNetworkPolicyManifests
{
    public const string MetadataCidr = "169.254.169.254/32";

    public static IEnumerable<JsonObject> Build(TenantRecord tenant, TenantOptions options)
    {
        yield return Policy(tenant, "kabin-default-deny", ["Ingress", "Egress"], null, null);

        var from = new JsonArray(new JsonObject { ["podSelector"] = new JsonObject() });
        foreach (var name in new[] { options.KnativeServingNamespace, options.IngressNamespace, options.MonitoringNamespace })
        {
            if (!string.IsNullOrEmpty(name))
            {
                from.Add((JsonNode)NamespaceNamed(name));
            }
        }

        yield return Policy(tenant, "kabin-allow-ingress", ["Ingress"], "ingress", new JsonArray(new JsonObject { ["from"] = from }));

        var dnsPorts = new JsonArray(
            new JsonObject { ["protocol"] = "UDP", ["port"] = 53 },
            new JsonObject { ["protocol"] = "TCP", ["port"] = 53 });
        yield return Policy(tenant, "kabin-allow-dns", ["Egress"], "egress", new JsonArray(new JsonObject
        {
            ["to"] = new JsonArray(NamespaceNamed(options.DnsNamespace)),
            ["ports"] = dnsPorts,
        }));

        yield return Policy(tenant, "kabin-allow-egress", ["Egress"], "egress", new JsonArray(new JsonObject { ["to"] = EgressPeers(tenant.Network.Egress, options) }));
    }

    private static JsonArray EgressPeers(string egress, TenantOptions options)
    {
        var peers = new JsonArray(new JsonObject { ["podSelector"] = new JsonObject() });
        if (egress is "cluster" or "internet")
        {
            // Every namespace but the platform's: an empty selector would reach Kabin's own pods.
            var protectedNamespaces = options.ProtectedNamespaces.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            peers.Add((JsonNode)new JsonObject
            {
                ["namespaceSelector"] = new JsonObject
                {
                    ["matchExpressions"] = new JsonArray(new JsonObject
                    {
                        ["key"] = "kubernetes.io/metadata.name",
                        ["operator"] = "NotIn",
                        ["values"] = new JsonArray([.. protectedNamespaces.Select(ns => (JsonNode)ns)]),
                    }),
                },
            });
        }

        if (egress == "internet")
        {
            peers.Add((JsonNode)new JsonObject
            {
                ["ipBlock"] = new JsonObject { ["cidr"] = "0.0.0.0/0", ["except"] = new JsonArray([MetadataCidr, .. ClusterCidrs(options)]) },
            });
        }

        return peers;
    }

    private static IEnumerable<JsonNode> ClusterCidrs(TenantOptions options) =>
        options.ClusterCidrs.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(cidr => (JsonNode)cidr);

    private static JsonObject NamespaceNamed(string name) => new()
    {
        ["namespaceSelector"] = new JsonObject
        {
            ["matchLabels"] = new JsonObject { ["kubernetes.io/metadata.name"] = name },
        },
    };

    private static JsonObject Policy(TenantRecord tenant, string name, string[] types, string? direction, JsonArray? rules)
    {
        var spec = new JsonObject
        {
            ["podSelector"] = new JsonObject(),
            ["policyTypes"] = new JsonArray([.. types.Select(type => (JsonNode)type)]),
        };
        if (direction is not null && rules is not null)
        {
            spec[direction] = rules;
        }

        var manifest = TenantManifest.Create("networking.k8s.io/v1", "NetworkPolicy", name, tenant.Namespace, tenant.Name);
        manifest["spec"] = spec;
        return manifest;
    }
}
