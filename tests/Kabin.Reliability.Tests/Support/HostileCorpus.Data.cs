using System.Text.Json.Nodes;

namespace Kabin.Reliability.Tests.Support;

/// <summary>Well-formed CloudEvents whose data is hostile to one function: bad names, traversal, absurd sizes, other tenants.</summary>
public static partial class HostileCorpus
{
    /// <summary>Names that are not DNS labels, path traversal raw and percent-encoded, other tenants' namespaces.</summary>
    internal static readonly string[] HostileNames =
    [
        "Acme", "../tenant-beta", "..%2ftenant-beta", "%2e%2e", "%2e%2e%2ftenant-beta", "a_b", "-lead", "trail-", "", " ",
        "tenant-beta/evil", "beta\u0000", "a.b", new string('a', 64), "name\nwith-newline", "😀", "..", "/", "acme/../beta",
    ];

    private static readonly string[] AbsurdQuantities = ["1e30", "-1", "NaN", "Infinity", "abc", "1.5.5", "99999999999999999999Ei", "0x10", ""];

    private static HostileRequest TenantSpecHostile(Random random)
    {
        JsonNode? name = random.Next(5) == 0 ? JsonValue.Create(random.Next()) : Pick(random, HostileNames);
        var spec = new JsonObject
        {
            ["name"] = name,
            ["owners"] = random.Next(3) == 0 ? "alice" : new JsonArray(new JsonObject { ["kind"] = Pick(random, "User", "Root", ""), ["name"] = Secret }),
            ["podSecurity"] = Pick(random, "restricted", "privileged", "root", ""),
            ["runtimeClasses"] = random.Next(3) == 0 ? new JsonArray("") : new JsonArray("kata-qemu", "runc"),
            ["quota"] = new JsonObject { ["cpu"] = Pick(random, AbsurdQuantities), ["memory"] = Pick(random, AbsurdQuantities), ["pods"] = Pick<JsonNode?>(random, -5, 1e30, "many") },
            ["sandboxes"] = new JsonObject { ["max"] = Pick<JsonNode?>(random, -1, int.MaxValue, "NaN"), ["maxCpu"] = Pick(random, AbsurdQuantities) },
        };
        var type = Pick(random, "dev.kabin.tenant.created", "dev.kabin.tenant.updated", "dev.kabin.tenant.deleted");
        JsonNode data = type == "dev.kabin.tenant.deleted" ? new JsonObject { ["name"] = name?.DeepClone() } : spec;
        return new(nameof(TenantSpecHostile), Expect.ProblemOrRejected, Binary(type, data.ToJsonString(), random));
    }

    private static HostileRequest SandboxRequestHostile(Random random)
    {
        var request = new JsonObject
        {
            ["tenant"] = Pick<JsonNode?>(random, "acme", "beta", "../beta", "tenant-beta", "nobody", 7, null),
            ["name"] = Pick(random, HostileNames),
            ["image"] = Pick(random, "ghcr.io/acme/runner:1", "../../etc/passwd", "", "evil.example/x:1"),
            ["cpu"] = Pick(random, AbsurdQuantities),
            ["memory"] = Pick(random, AbsurdQuantities),
            ["ttlSeconds"] = Pick<JsonNode?>(random, -1, 0, 1e30, "forever", 60),
            ["namespace"] = "tenant-beta",
            ["env"] = new JsonObject { ["TOKEN"] = Secret },
        };
        if (random.Next(4) == 0)
        {
            // A valid name for acme, but a size no sandbox may have: the request is refused, not created.
            request["tenant"] = "acme";
            request["name"] = "ok-" + Noise(random, 5);
            request["cpu"] = Pick(random, "1e30", "-1", "NaN", "100000");
        }

        return new(nameof(SandboxRequestHostile), Expect.ProblemOrRejected, Binary("dev.kabin.sandbox.requested", request.ToJsonString(), random));
    }

    private static HostileRequest SandboxStopHostile(Random random)
    {
        var stop = new JsonObject { ["tenant"] = Pick<JsonNode?>(random, "acme", "beta", "../beta", 3, null), ["name"] = Pick(random, HostileNames) };
        return new(nameof(SandboxStopHostile), Expect.ProblemOrRejected, Binary("dev.kabin.sandbox.stop.requested", stop.ToJsonString(), random));
    }

    private static HostileRequest PolicyCheckHostile(Random random)
    {
        JsonNode data = random.Next(4) switch
        {
            // Tenant acme asks about an object in tenant beta's namespace: never allowed.
            0 => new JsonObject { ["tenant"] = "acme", ["object"] = PodIn("tenant-beta") },
            1 => new JsonObject { ["tenant"] = Pick<JsonNode?>(random, 5, new JsonArray(), "../beta", "nobody"), ["object"] = PodIn("tenant-acme") },
            2 => new JsonObject { ["tenant"] = "acme", ["object"] = Pick<JsonNode?>(random, "pod", 1, new JsonArray(), null) },
            // Only spoils a real pod can carry (the API server refuses pods without containers before any check).
            _ => new JsonObject { ["tenant"] = "acme", ["object"] = AbsurdPod(random, "tenant-acme", realSpoilsOnly: true) },
        };
        return new(nameof(PolicyCheckHostile), Expect.ProblemOrDenied, Binary("dev.kabin.policy.check.requested", data.ToJsonString(), random));
    }

    private static HostileRequest PodEventHostile(Random random)
    {
        var type = Pick(random, "dev.knative.apiserver.resource.add", "dev.knative.apiserver.resource.update",
            "dev.knative.apiserver.resource.delete", "dev.knative.sources.ping");
        var data = random.Next(3) switch
        {
            0 => "[]",
            1 => "\"pod\"",
            _ => "{\"metadata\":" + Pick(random, "1", "[]", "\"x\"", "{\"name\":5}") + "}",
        };
        if (type == "dev.knative.sources.ping")
        {
            data = Pick(random, "[]", "\"tick\"", "{\"time\":5}");
        }

        return new(nameof(PodEventHostile), Expect.ProblemOrIgnored, Binary(type, data, random));
    }

    internal static JsonObject PodIn(string ns, string name = "web") => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject
        {
            ["runtimeClassName"] = "kata-qemu",
            ["securityContext"] = new JsonObject { ["runAsNonRoot"] = true, ["seccompProfile"] = new JsonObject { ["type"] = "RuntimeDefault" } },
            ["containers"] = new JsonArray(new JsonObject
            {
                ["name"] = "web",
                ["image"] = "ghcr.io/acme/web:1.0",
                ["securityContext"] = new JsonObject
                {
                    ["allowPrivilegeEscalation"] = false, ["capabilities"] = new JsonObject { ["drop"] = new JsonArray("ALL") },
                },
                ["resources"] = new JsonObject { ["limits"] = new JsonObject { ["cpu"] = "500m", ["memory"] = "512Mi" } },
            }),
        },
    };

    /// <summary>A pod in <paramref name="ns"/> spoiled in one way a hostile tenant would try.</summary>
    internal static JsonObject AbsurdPod(Random random, string ns, bool realSpoilsOnly = false)
    {
        var pod = PodIn(ns, Pick(random, HostileNames));
        var spec = pod["spec"]!.AsObject();
        var container = spec["containers"]![0]!.AsObject();
        switch (random.Next(realSpoilsOnly ? 7 : 9))
        {
            case 0: container["resources"]!["limits"]!["cpu"] = Pick(random, AbsurdQuantities); break;
            case 1: container["resources"]!["limits"]!["memory"] = Pick<JsonNode?>(random, "1e30", "-1Gi", "NaN", "5Ei", null); break;
            case 2: spec["runtimeClassName"] = Pick<JsonNode?>(random, "", "runc", null, 5, "kata-qemu "); break;
            case 3: spec.Remove("runtimeClassName"); break;
            case 4: spec["hostNetwork"] = true; break;
            case 5: container["image"] = Pick<JsonNode?>(random, "docker.io/evil:1", "ghcr.io/acmeevil/x:1", "evil.example/ghcr.io/acme/x:1", 5); break;
            case 6: container["securityContext"] = new JsonObject { ["privileged"] = Pick<JsonNode?>(random, true, "yes") }; break;
            case 7: spec["containers"] = Pick<JsonNode?>(random, "x", new JsonArray(), null, new JsonArray(5)); break;
            default: pod["spec"] = Pick<JsonNode?>(random, "spec", 1, null); break;
        }

        return pod;
    }
}
