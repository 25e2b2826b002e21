namespace Kabin.Policy;

/// <summary><c>kata/host-network</c>: a Kata VM has its own network stack, so host networking cannot work.</summary>
internal static class HostNetworkRule
{
    public static void Check(PodView pod, List<PolicyViolation> sink)
    {
        if (JsonNav.Bool(pod.Spec, "hostNetwork") == true)
        {
            sink.Add(new PolicyViolation(PolicyRules.HostNetwork, pod.SpecPath + ".hostNetwork",
                "Host networking does not work inside a Kata VM sandbox. Remove hostNetwork (or set it to false) and expose ports through a Service."));
        }
    }
}
