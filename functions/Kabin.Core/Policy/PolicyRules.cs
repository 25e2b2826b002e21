namespace Kabin.Policy;

/// <summary>The rule ids a finding can carry; pod security findings are <c>pod-security/{check}</c>.</summary>
public static class PolicyRules
{
    public const string RuntimeClass = "vm-isolation/runtime-class";
    public const string PodSecurityPrefix = "pod-security/";
    public const string HostNetwork = "kata/host-network";
    public const string Resources = "kata/resources";
    public const string Registry = "registry/allowed";
    public const string Namespace = "tenancy/namespace";

    /// <summary>A Service opens node ports or a cloud load balancer the tenant's quota does not allow.</summary>
    public const string ServiceType = "tenancy/service-type";

    /// <summary>A Service claims external IPs: traffic to any address could be taken over (CVE-2020-8554).</summary>
    public const string ServiceExternalIps = "tenancy/service-external-ips";

    /// <summary>A check failed to run; the object is denied rather than let through unchecked.</summary>
    public const string Error = "policy/error";
}
