using Kabin.Tenants;

namespace Kabin.Policy;

/// <summary><c>registry/allowed</c>: every image comes from one of the tenant's registry prefixes, when it names any.</summary>
internal static class RegistryRule
{
    public static void Check(PodView pod, TenantRecord tenant, List<PolicyViolation> sink)
    {
        if (tenant.Registries.Count == 0)
        {
            return;
        }

        foreach (var container in pod.Containers)
        {
            var image = JsonNav.String(container.Container, "image");
            if (string.IsNullOrEmpty(image))
            {
                sink.Add(new PolicyViolation(PolicyRules.Registry, container.Path + ".image",
                    $"Container '{container.Name}' names no image. Set image to a reference under {string.Join(", ", tenant.Registries)}."));
                continue;
            }

            if (!IsAllowed(image, tenant.Registries))
            {
                sink.Add(new PolicyViolation(PolicyRules.Registry, container.Path + ".image",
                    $"Image '{image}' is not from an allowed registry of tenant '{tenant.Name}'. Pull it from one of {string.Join(", ", tenant.Registries)}."));
            }
        }
    }

    private static bool IsAllowed(string image, IReadOnlyList<string> registries)
    {
        var normalized = ImageReference.Normalize(image);
        foreach (var prefix in registries)
        {
            if (ImageReference.IsUnder(normalized, prefix) || ImageReference.IsUnder(image, prefix))
            {
                return true;
            }
        }

        return false;
    }
}
