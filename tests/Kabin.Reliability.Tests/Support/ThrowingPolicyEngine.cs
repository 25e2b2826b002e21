using System.Text.Json.Nodes;
using Kabin.Policy;
using Kabin.Tenants;

namespace Kabin.Reliability.Tests.Support;

/// <summary>A policy engine whose check fails, as a rule with a bug would.</summary>
public sealed class ThrowingPolicyEngine : IPolicyEngine
{
    public PolicyVerdict Check(JsonObject workload, TenantRecord tenant) =>
        throw new InvalidOperationException("A rule failed while reading the object.");
}
