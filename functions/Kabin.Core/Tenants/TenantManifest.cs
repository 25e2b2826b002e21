using System.Text.Json.Nodes;

namespace Kabin.Tenants;

/// <summary>The skeleton every tenant manifest shares: apiVersion, kind and metadata with the tenant's labels.</summary>
internal static class TenantManifest
{
    public static JsonObject Create(
        string apiVersion, string kind, string name, string? namespaceName, string tenant, JsonObject? extraLabels = null)
    {
        var labels = new JsonObject
        {
            [TenantLabels.Tenant] = tenant,
            [TenantLabels.ManagedBy] = TenantLabels.ManagedByValue,
        };
        foreach (var (key, value) in extraLabels ?? [])
        {
            labels[key] = value?.DeepClone();
        }

        var metadata = new JsonObject { ["name"] = name };
        if (namespaceName is not null)
        {
            metadata["namespace"] = namespaceName;
        }

        metadata["labels"] = labels;
        return new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind, ["metadata"] = metadata };
    }

    public static JsonObject Resources(string cpu, string memory) => new() { ["cpu"] = cpu, ["memory"] = memory };
}
