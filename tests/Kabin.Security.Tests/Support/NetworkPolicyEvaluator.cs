using System.Net;
using System.Text.Json.Nodes;

namespace Kabin.Security.Tests.Support;

/// <summary>A pod as NetworkPolicies see it: its namespace, labels and IP.</summary>
public sealed record PodEndpoint(string Namespace, IReadOnlyDictionary<string, string> Labels, string Ip);

/// <summary>
/// Decides a connection the way the Kubernetes NetworkPolicy API defines it: a pod selected by no
/// policy of a direction is open in that direction; once selected, a connection passes only if some
/// rule of some selecting policy admits the peer and the port. Egress is judged at the source, ingress
/// at the destination, and both must pass. ipBlock peers also match pod IPs, as on many CNIs (the
/// worst case for isolation). Named ports and SCTP are not modelled.
/// </summary>
public sealed class NetworkPolicyEvaluator(IReadOnlyList<JsonObject> policies, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> namespaceLabels)
{
    /// <summary>Whether <paramref name="from"/> may open a connection to a pod, or to an address outside the cluster when <paramref name="to"/> is null.</summary>
    public bool Allows(PodEndpoint? from, PodEndpoint? to, string toIp, int port, string protocol = "TCP")
    {
        var egress = from is null || Admits(from, "Egress", "egress", "to", to, toIp, port, protocol);
        var ingress = to is null || Admits(to, "Ingress", "ingress", "from", from, from?.Ip ?? "0.0.0.0", port, protocol);
        return egress && ingress;
    }

    private bool Admits(PodEndpoint subject, string type, string direction, string peersField, PodEndpoint? peer, string peerIp, int port, string protocol)
    {
        var selecting = policies
            .Where(policy => (string?)policy["metadata"]?["namespace"] == subject.Namespace)
            .Where(policy => Types(policy).Contains(type))
            .Where(policy => Matches(policy["spec"]?["podSelector"], subject.Labels))
            .ToList();
        if (selecting.Count == 0)
        {
            return true;
        }

        return selecting.Any(policy => (policy["spec"]?[direction] as JsonArray ?? []).OfType<JsonObject>().Any(rule =>
            PortMatches(rule["ports"] as JsonArray, port, protocol)
            && PeerMatches(rule[peersField] as JsonArray, (string)policy["metadata"]!["namespace"]!, peer, peerIp)));
    }

    private static IReadOnlyCollection<string> Types(JsonObject policy) =>
        policy["spec"]?["policyTypes"] is JsonArray types
            ? [.. types.Select(type => (string)type!)]
            : policy["spec"]?["egress"] is null ? ["Ingress"] : ["Ingress", "Egress"];

    private static bool PortMatches(JsonArray? ports, int port, string protocol) =>
        ports is null || ports.Count == 0 || ports.OfType<JsonObject>().Any(entry =>
            ((string?)entry["protocol"] ?? "TCP") == protocol
            && (entry["port"] is not JsonValue value
                || (value.TryGetValue<int>(out var number) && port >= number && port <= ((int?)entry["endPort"] ?? number))));

    private bool PeerMatches(JsonArray? peers, string policyNamespace, PodEndpoint? peer, string peerIp) =>
        peers is null || peers.Count == 0 || peers.OfType<JsonObject>().Any(entry =>
        {
            if (entry["ipBlock"] is JsonObject block)
            {
                return InCidr(peerIp, (string)block["cidr"]!) && !(block["except"] as JsonArray ?? []).Any(except => InCidr(peerIp, (string)except!));
            }

            if (peer is null)
            {
                return false;
            }

            var namespaceSelector = entry["namespaceSelector"];
            var inNamespace = namespaceSelector is null
                ? peer.Namespace == policyNamespace
                : Matches(namespaceSelector, LabelsOf(peer.Namespace));
            return inNamespace && (entry["podSelector"] is not { } podSelector || Matches(podSelector, peer.Labels));
        });

    private Dictionary<string, string> LabelsOf(string namespaceName) =>
        new(namespaceLabels.TryGetValue(namespaceName, out var known) ? known : new Dictionary<string, string>())
        {
            ["kubernetes.io/metadata.name"] = namespaceName,
        };

    /// <summary>A LabelSelector object: matchLabels and matchExpressions (In, NotIn, Exists, DoesNotExist); empty matches everything.</summary>
    private static bool Matches(JsonNode? selector, IReadOnlyDictionary<string, string> labels)
    {
        if (selector is not JsonObject body)
        {
            return true;
        }

        var byLabel = (body["matchLabels"] as JsonObject ?? []).All(pair => labels.TryGetValue(pair.Key, out var value) && value == (string?)pair.Value);
        var byExpression = (body["matchExpressions"] as JsonArray ?? []).OfType<JsonObject>().All(expression =>
        {
            var key = (string)expression["key"]!;
            var values = (expression["values"] as JsonArray ?? []).Select(value => (string)value!).ToHashSet(StringComparer.Ordinal);
            var has = labels.TryGetValue(key, out var actual);
            return (string)expression["operator"]! switch
            {
                "In" => has && values.Contains(actual!),
                "NotIn" => !has || !values.Contains(actual!),
                "Exists" => has,
                "DoesNotExist" => !has,
                var other => throw new InvalidOperationException($"unknown selector operator {other}"),
            };
        });
        return byLabel && byExpression;
    }

    private static bool InCidr(string ip, string cidr)
    {
        var network = IPNetwork.Parse(cidr);
        return IPAddress.TryParse(ip, out var address) && network.Contains(address);
    }
}
