namespace Kabin.Tenants;

/// <summary>
/// Options of the tenant function (section <c>Kabin:Tenants</c>), validated at start. The
/// field manager of server-side apply belongs to the cluster adapter, not to this function, so
/// that every function applies as the one manager the product promises.
/// </summary>
public sealed class TenantOptions
{
    /// <summary>A tenant's namespace is <c>{NamespacePrefix}{name}</c>; default <c>tenant-</c>.</summary>
    public string NamespacePrefix { get; set; } = "tenant-";

    /// <summary>
    /// The VM runtime classes tenants may use, with each class's pod overhead. Defaults follow the
    /// Kata Containers RuntimeClass manifests: kata-qemu 250m/160Mi, kata-clh and kata-fc 250m/130Mi.
    /// Configuration adds classes or changes these values; a class not listed here is rejected.
    /// </summary>
    public Dictionary<string, RuntimeClassOverhead> RuntimeClassOverheads { get; set; } = new(StringComparer.Ordinal)
    {
        ["kata-qemu"] = new() { Cpu = "250m", Memory = "160Mi" },
        ["kata-clh"] = new() { Cpu = "250m", Memory = "130Mi" },
        ["kata-fc"] = new() { Cpu = "250m", Memory = "130Mi" },
    };

    /// <summary>The Knative Serving namespace, whose activator reaches tenant pods; default <c>knative-serving</c>.</summary>
    public string KnativeServingNamespace { get; set; } = "knative-serving";

    /// <summary>The namespace of the Knative ingress (Kourier by default), allowed into tenant namespaces.</summary>
    public string IngressNamespace { get; set; } = "kourier-system";

    /// <summary>The monitoring namespace allowed to scrape tenant pods; empty allows none.</summary>
    public string MonitoringNamespace { get; set; } = "monitoring";

    /// <summary>The namespace of cluster DNS, the one egress every tenant has (UDP and TCP 53).</summary>
    public string DnsNamespace { get; set; } = "kube-system";

    /// <summary>
    /// The namespace of Kabin's Broker, where each tenant gets an EventPolicy binding its senders to
    /// it. Unset (the default, as on a laptop without Knative): no EventPolicy is applied.
    /// </summary>
    public string BrokerNamespace { get; set; } = string.Empty;

    /// <summary>The Broker the tenants' EventPolicies admit to.</summary>
    public string BrokerName { get; set; } = "kabin";

    /// <summary>
    /// Namespaces (comma-separated) that no tenant egress mode reaches: Kabin's own and the
    /// platform's. DNS stays open through its own policy; the Knative gateway and Eventing's broker
    /// stay reachable, since tenants call Services and send events through them.
    /// </summary>
    public string ProtectedNamespaces { get; set; } = "kabin-system,kube-system,knative-serving,cert-manager,dapr-system";

    /// <summary>
    /// The cluster's pod and service address ranges (comma-separated CIDRs), kept out of
    /// <c>internet</c> egress's <c>0.0.0.0/0</c>: on many CNIs an ipBlock also matches pod IPs, so
    /// without them an internet tenant reaches every pod port that admits "any address" (the
    /// admission webhook's, kube-system's beyond DNS). Empty leaves that to the CNI.
    /// </summary>
    public string ClusterCidrs { get; set; } = string.Empty;

    /// <summary>The ClusterRole the owners get in their namespace (shipped in <c>knative/</c>).</summary>
    public string AdminClusterRole { get; set; } = "kabin-tenant-admin";

    /// <summary>
    /// The ClusterRole that lets the sandbox function exec into pods (shipped in <c>knative/</c>),
    /// bound in each tenant's namespace only, so it can never exec into a pod outside a tenant; empty
    /// binds none (commands and files in sandboxes then fail with 403).
    /// </summary>
    public string SandboxExecClusterRole { get; set; } = "kabin-sandbox-exec";

    /// <summary>The sandbox function's service account, <c>{namespace}/{name}</c>, that the exec binding names.</summary>
    public string SandboxServiceAccount { get; set; } = "kabin-system/kabin-sandbox";

    /// <summary>How many times an apply that meets a 409 conflict is tried before the event fails with 409.</summary>
    public int ConflictAttempts { get; set; } = 3;

    /// <summary>The values of every field a tenant spec leaves out.</summary>
    public TenantDefaults Defaults { get; set; } = new();
}
