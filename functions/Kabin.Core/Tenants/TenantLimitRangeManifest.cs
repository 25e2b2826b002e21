using System.Text.Json.Nodes;
using Kabin.Quantities;

namespace Kabin.Tenants;

/// <summary>
/// The tenant's LimitRange: every container gets default requests and limits (Kata sizes each VM
/// from the limits, so a container without them would get the runtime's minimal VM), and no
/// container may exceed the tenant's largest sandbox. Defaults above that maximum are capped to it.
/// </summary>
internal static class TenantLimitRangeManifest
{
    public const string Name = "kabin-limits";

    public static JsonObject Build(TenantRecord tenant, TenantOptions options)
    {
        var defaults = options.Defaults;
        var maxCpu = ResourceQuantity.Parse(tenant.Sandboxes.MaxCpu);
        var maxMemory = ResourceQuantity.Parse(tenant.Sandboxes.MaxMemory);
        var limitCpu = Min(ResourceQuantity.Parse(defaults.ContainerCpu), maxCpu);
        var limitMemory = Min(ResourceQuantity.Parse(defaults.ContainerMemory), maxMemory);
        var requestCpu = Min(ResourceQuantity.Parse(defaults.ContainerRequestCpu), limitCpu);
        var requestMemory = Min(ResourceQuantity.Parse(defaults.ContainerRequestMemory), limitMemory);
        // The quota counts ephemeral-storage, so every container needs a request and a limit of it.
        var limitStorage = Min(ResourceQuantity.Parse(defaults.ContainerEphemeralStorage), ResourceQuantity.Parse(tenant.Quota.EphemeralStorage));
        var requestStorage = Min(ResourceQuantity.Parse(defaults.ContainerRequestEphemeralStorage), limitStorage);

        var manifest = TenantManifest.Create("v1", "LimitRange", Name, tenant.Namespace, tenant.Name);
        manifest["spec"] = new JsonObject
        {
            ["limits"] = new JsonArray(new JsonObject
            {
                ["type"] = "Container",
                ["default"] = WithStorage(TenantManifest.Resources(limitCpu.ToCpuString(), limitMemory.ToMemoryString()), limitStorage),
                ["defaultRequest"] = WithStorage(TenantManifest.Resources(requestCpu.ToCpuString(), requestMemory.ToMemoryString()), requestStorage),
                ["max"] = TenantManifest.Resources(tenant.Sandboxes.MaxCpu, tenant.Sandboxes.MaxMemory),
            }),
        };
        return manifest;
    }

    private static JsonObject WithStorage(JsonObject resources, ResourceQuantity storage)
    {
        resources["ephemeral-storage"] = storage.ToMemoryString();
        return resources;
    }

    private static ResourceQuantity Min(ResourceQuantity left, ResourceQuantity right) => left <= right ? left : right;
}
