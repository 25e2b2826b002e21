using System.Text.Json.Nodes;

namespace Kabin.Policy;

/// <summary>One container of a pod spec with its field path (<c>spec.initContainers[0]</c>).</summary>
internal readonly record struct PodContainer(JsonObject Container, string Path, string Name, bool IsEphemeral)
{
    public JsonObject? SecurityContext => JsonNav.Object(Container, "securityContext");
}
