using System.Text.Json.Nodes;
using Kabin.Tenants;

namespace Kabin.Policy;

/// <summary>
/// Checks a Pod or any workload with a pod template against a tenant's policy. Pure and
/// synchronous: no I/O, so the admission path pays only for the rules. An error inside a check
/// denies, never allows.
/// </summary>
public interface IPolicyEngine
{
    PolicyVerdict Check(JsonObject workload, TenantRecord tenant);
}
