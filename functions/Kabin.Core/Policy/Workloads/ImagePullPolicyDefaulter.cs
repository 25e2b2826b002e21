using System.Globalization;
using System.Text.Json.Nodes;
using Kabin.Tenants;

namespace Kabin.Policy;

/// <summary>
/// The mutating webhook's second change, for tenants without <see cref="TenantRecord.CachedImagesAllowed"/>:
/// <c>imagePullPolicy: Always</c> on every container and init container of the pod template, so
/// that the kubelet checks the tenant's right to each image instead of running a copy another
/// tenant's pull left in the node's cache (the multi-tenancy benchmark's MTB-PL1-CC-DI-1).
/// </summary>
public static class ImagePullPolicyDefaulter
{
    private static readonly string[] ContainerGroups = ["initContainers", "containers"];

    /// <summary>The patch operations, appended to <paramref name="patch"/>; none when every container already says Always.</summary>
    public static void AddPatch(JsonArray patch, JsonObject workload, TenantRecord tenant)
    {
        ArgumentNullException.ThrowIfNull(patch);
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(tenant);
        if (tenant.CachedImagesAllowed)
        {
            return;
        }

        var template = PodTemplateLocator.Locate(workload);
        foreach (var group in ContainerGroups)
        {
            if (template.Spec[group] is not JsonArray containers)
            {
                continue;
            }

            for (var i = 0; i < containers.Count; i++)
            {
                if (containers[i] is not JsonObject container || JsonNav.String(container, "imagePullPolicy") == "Always")
                {
                    continue;
                }

                patch.Add((JsonNode)new JsonObject
                {
                    ["op"] = container.ContainsKey("imagePullPolicy") ? "replace" : "add",
                    ["path"] = string.Create(CultureInfo.InvariantCulture, $"{template.SpecPointer}/{group}/{i}/imagePullPolicy"),
                    ["value"] = "Always",
                });
            }
        }
    }
}
