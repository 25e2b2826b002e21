using System.Text.Json.Nodes;

namespace Kabin.Policy;

/// <summary>The restricted level's allow-list of volume types.</summary>
internal static partial class PodSecurityChecks
{
    private static readonly string[] AllowedVolumeSources =
    [
        "configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "image", "persistentVolumeClaim", "projected", "secret",
    ];

    private static void RestrictedVolumes(PodView pod, PodSecurityCheck check, List<PolicyViolation> sink)
    {
        var volumes = JsonNav.Array(pod.Spec, "volumes");
        for (var i = 0; volumes is not null && i < volumes.Count; i++)
        {
            if (volumes[i] is not JsonObject volume || IsAllowedVolume(volume, out var source))
            {
                continue;
            }

            check.Report(sink, $"{pod.SpecPath}.volumes[{i}]" + (source is null ? "" : "." + source),
                $"Volume '{JsonNav.String(volume, "name")}' uses type '{source ?? "unknown"}', which the restricted level forbids. " +
                "Use configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected or secret.");
        }
    }

    /// <summary>
    /// A volume with no source at all is allowed: the API server defaults it to an emptyDir.
    /// Otherwise <paramref name="source"/> names the first forbidden source it sets.
    /// </summary>
    private static bool IsAllowedVolume(JsonObject volume, out string? source)
    {
        source = null;
        foreach (var (name, value) in volume)
        {
            if (name == "name" || value is null)
            {
                continue;
            }

            if (Array.IndexOf(AllowedVolumeSources, name) >= 0)
            {
                return true;
            }

            source ??= name;
        }

        return source is null;
    }
}
