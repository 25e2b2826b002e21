using System.Text.Json.Nodes;

namespace Kabin.Benchmarks;

/// <summary>The workloads the benchmarks check: the shared <c>bench/testdata</c> files and a large Deployment built from them.</summary>
public static class BenchData
{
    public static byte[] Read(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "testdata", name));

    public static JsonObject Parse(string name) => JsonNode.Parse(Read(name))!.AsObject();

    /// <summary>A typical pod: one container, restricted-compliant, limits set, a VM runtime class.</summary>
    public static JsonObject TypicalPod() => Parse("pod.json");

    /// <summary>The typical pod without a runtime class, which the mutating webhook fills in.</summary>
    public static JsonObject PodWithoutRuntimeClass()
    {
        var pod = TypicalPod();
        pod["spec"]!.AsObject().Remove("runtimeClassName");
        return pod;
    }

    /// <summary>
    /// A large Deployment: 10 containers and 5 init containers, each with 10 env vars and 4 volume
    /// mounts, 20 volumes (configMap, secret, emptyDir, projected), all compliant so every rule runs to the end.
    /// </summary>
    public static JsonObject LargeDeployment()
    {
        var container = TypicalPod()["spec"]!["containers"]![0]!.AsObject();
        var volumes = new JsonArray();
        for (var i = 0; i < 20; i++)
        {
            volumes.Add(Volume(i));
        }

        var spec = new JsonObject
        {
            ["runtimeClassName"] = "kata-qemu",
            ["securityContext"] = TypicalPod()["spec"]!["securityContext"]!.DeepClone(),
            ["initContainers"] = Containers(container, "init", 5),
            ["containers"] = Containers(container, "app", 10),
            ["volumes"] = volumes,
        };
        return new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = new JsonObject { ["name"] = "big", ["namespace"] = "tenant-acme" },
            ["spec"] = new JsonObject
            {
                ["replicas"] = 3,
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "big" } },
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = "big" } },
                    ["spec"] = spec,
                },
            },
        };
    }

    private static JsonArray Containers(JsonObject template, string prefix, int count)
    {
        var containers = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            var container = template.DeepClone().AsObject();
            container["name"] = $"{prefix}-{i}";
            container["resources"]!["limits"]!["cpu"] = "100m";
            container["resources"]!["limits"]!["memory"] = "128Mi";
            var env = new JsonArray();
            for (var e = 0; e < 10; e++)
            {
                env.Add(new JsonObject { ["name"] = $"VAR_{e}", ["value"] = $"value-{e}" });
            }

            container["env"] = env;
            var mounts = new JsonArray();
            for (var m = 0; m < 4; m++)
            {
                mounts.Add(new JsonObject { ["name"] = $"vol-{(i + m) % 20}", ["mountPath"] = $"/mnt/{m}" });
            }

            container["volumeMounts"] = mounts;
            containers.Add(container);
        }

        return containers;
    }

    private static JsonObject Volume(int i) => (i % 4) switch
    {
        0 => new JsonObject { ["name"] = $"vol-{i}", ["configMap"] = new JsonObject { ["name"] = $"cm-{i}" } },
        1 => new JsonObject { ["name"] = $"vol-{i}", ["secret"] = new JsonObject { ["secretName"] = $"s-{i}" } },
        2 => new JsonObject { ["name"] = $"vol-{i}", ["emptyDir"] = new JsonObject { ["sizeLimit"] = "64Mi" } },
        _ => new JsonObject
        {
            ["name"] = $"vol-{i}",
            ["projected"] = new JsonObject
            {
                ["sources"] = new JsonArray(new JsonObject { ["serviceAccountToken"] = new JsonObject { ["path"] = "token" } }),
            },
        },
    };
}
