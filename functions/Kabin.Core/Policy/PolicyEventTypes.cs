namespace Kabin.Policy;

/// <summary>The CloudEvent types the policy function takes and emits.</summary>
public static class PolicyEventTypes
{
    public const string CheckRequested = "dev.kabin.policy.check.requested";
    public const string Checked = "dev.kabin.policy.checked";
    public const string Violation = "dev.kabin.policy.violation";
    public const string ResourceAdded = "dev.knative.apiserver.resource.add";
    public const string ResourceUpdated = "dev.knative.apiserver.resource.update";
}
