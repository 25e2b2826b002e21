using System.Text.Json.Nodes;
using Kabin.Policy;

namespace Kabin.Core.Tests.Policy;

/// <summary>Compliant workloads of every kind from <c>testdata/policy</c>, and their pod specs.</summary>
internal static class Workloads
{
    /// <summary>File, pod spec field path and pod spec JSON Pointer of each kind.</summary>
    public static TheoryData<string, string, string> Kinds() => new()
    {
        { "pod", "spec", "/spec" },
        { "deployment", "spec.template.spec", "/spec/template/spec" },
        { "statefulset", "spec.template.spec", "/spec/template/spec" },
        { "daemonset", "spec.template.spec", "/spec/template/spec" },
        { "replicaset", "spec.template.spec", "/spec/template/spec" },
        { "replicationcontroller", "spec.template.spec", "/spec/template/spec" },
        { "job", "spec.template.spec", "/spec/template/spec" },
        { "cronjob", "spec.jobTemplate.spec.template.spec", "/spec/jobTemplate/spec/template/spec" },
        { "knative-service", "spec.template.spec", "/spec/template/spec" },
        { "agent-sandbox", "spec.podTemplate.spec", "/spec/podTemplate/spec" },
        { "agent-sandbox-template", "spec.podTemplate.spec", "/spec/podTemplate/spec" },
    };

    public static JsonObject Load(string name) =>
        YamlJson.ReadFile(Path.Combine(AppContext.BaseDirectory, "testdata", "policy", name + ".yaml"));

    public static JsonObject Pod() => Load("pod");

    public static JsonObject SpecOf(JsonObject workload) => PodTemplateLocator.Locate(workload).Spec;

    public static JsonObject Container(JsonObject workload, string group = "containers", int index = 0) =>
        (JsonObject)SpecOf(workload)[group]![index]!;

    public static JsonObject SecurityContext(JsonObject container) =>
        container["securityContext"] as JsonObject ?? (JsonObject)(container["securityContext"] = new JsonObject());

    /// <summary>Applies RFC 6902 add/replace/remove operations on object members, as the API server would.</summary>
    public static void ApplyPatch(JsonObject document, JsonArray patch)
    {
        foreach (var operation in patch.Cast<JsonObject>())
        {
            var segments = operation["path"]!.GetValue<string>().Split('/')[1..];
            var parent = segments[..^1].Aggregate((JsonNode)document, (node, segment) =>
                node is JsonArray array ? array[int.Parse(segment, System.Globalization.CultureInfo.InvariantCulture)]! : node[segment]!).AsObject();
            var op = operation["op"]!.GetValue<string>();
            var member = segments[^1];
            if (op == "replace" && !parent.ContainsKey(member))
            {
                throw new InvalidOperationException($"replace of missing member {member}");
            }

            if (op == "remove")
            {
                parent.Remove(member);
            }
            else
            {
                parent[member] = operation["value"]!.DeepClone();
            }
        }
    }
}
