using System.Text.Json.Nodes;

namespace Kabin.Policy;

/// <summary>
/// A pod template read once for all checks: its containers in Pod Security Admission's order
/// (init, regular, ephemeral) with their paths, and the pod-level fields checks share.
/// </summary>
internal sealed class PodView
{
    private static readonly string[] Groups = ["initContainers", "containers", "ephemeralContainers"];

    public PodView(PodTemplate template)
    {
        Template = template;
        Spec = template.Spec;
        SecurityContext = JsonNav.Object(Spec, "securityContext");
        Annotations = JsonNav.Object(template.Metadata, "annotations");
        IsWindows = JsonNav.String(JsonNav.Object(Spec, "os"), "name") == "windows";
        UserNamespace = JsonNav.Bool(Spec, "hostUsers") == false;
        var containers = new List<PodContainer>(4);
        foreach (var group in Groups)
        {
            if (JsonNav.Array(Spec, group) is not { } array)
            {
                continue;
            }

            for (var i = 0; i < array.Count; i++)
            {
                if (array[i] is JsonObject container)
                {
                    var path = string.Concat(template.SpecPath, ".", group, "[", i.ToString(System.Globalization.CultureInfo.InvariantCulture), "]");
                    containers.Add(new PodContainer(container, path, JsonNav.String(container, "name") ?? path, group == "ephemeralContainers"));
                }
            }
        }

        Containers = containers;
    }

    public PodTemplate Template { get; }

    public JsonObject Spec { get; }

    public string SpecPath => Template.SpecPath;

    public JsonObject? SecurityContext { get; }

    public JsonObject? Annotations { get; }

    public bool IsWindows { get; }

    /// <summary><c>hostUsers: false</c>: the pod runs in a user namespace, which relaxes some checks.</summary>
    public bool UserNamespace { get; }

    public IReadOnlyList<PodContainer> Containers { get; }

    public string PodSecurityContextPath(string field) => string.Concat(SpecPath, ".securityContext.", field);
}
