using System.Text.Json.Serialization;

namespace Kabin.Policy;

/// <summary>
/// The data of <c>dev.kabin.policy.checked</c>: the verdict on one object for one tenant. An object
/// of a kind Kabin does not judge (a ConfigMap, a Namespace) is allowed with <see cref="Checked"/>
/// false and <see cref="NotChecked"/> saying why; its <see cref="Tenant"/> is null when neither the
/// request nor the object's namespace names one.
/// </summary>
public sealed record PolicyCheckResult(
    bool Allowed, IReadOnlyList<PolicyViolation> Violations, IReadOnlyList<PolicyViolation> Warnings, string? Tenant,
    bool Checked = true, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? NotChecked = null);
