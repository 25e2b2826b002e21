using System.Text.Json.Nodes;

namespace Kabin.Tenants;

/// <summary>
/// The tenant's EventPolicy on Kabin's Broker: the service accounts of the tenant's namespace may
/// send sandbox events and policy checks only with the <c>kabintenant</c> attribute naming this
/// tenant (an EventPolicy sees attributes, never data; the sandbox function then refuses data that
/// names another tenant). None when <see cref="TenantOptions.BrokerNamespace"/> is unset (no Broker, as locally).
/// </summary>
internal static class TenantEventPolicyManifest
{
    public static string NameOf(string tenant) => "kabin-tenant-" + tenant;

    public static JsonObject? Build(TenantRecord tenant, TenantOptions options)
    {
        if (string.IsNullOrEmpty(options.BrokerNamespace))
        {
            return null;
        }

        var manifest = TenantManifest.Create("eventing.knative.dev/v1alpha1", "EventPolicy", NameOf(tenant.Name), options.BrokerNamespace, tenant.Name);
        manifest["spec"] = new JsonObject
        {
            ["to"] = new JsonArray(new JsonObject
            {
                ["ref"] = new JsonObject { ["apiVersion"] = "eventing.knative.dev/v1", ["kind"] = "Broker", ["name"] = options.BrokerName },
            }),
            ["from"] = new JsonArray(new JsonObject { ["sub"] = $"system:serviceaccount:{tenant.Namespace}:*" }),
            ["filters"] = new JsonArray(new JsonObject
            {
                ["all"] = new JsonArray(
                    new JsonObject { ["exact"] = new JsonObject { [Events.TenantExtension.Name] = tenant.Name } },
                    new JsonObject
                    {
                        ["any"] = new JsonArray(
                            new JsonObject { ["prefix"] = new JsonObject { ["type"] = "dev.kabin.sandbox." } },
                            new JsonObject { ["exact"] = new JsonObject { ["type"] = "dev.kabin.policy.check.requested" } }),
                    }),
            }),
        };
        return manifest;
    }
}
