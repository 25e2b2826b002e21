using System.Globalization;
using System.Text.Json.Nodes;
using Kabin.Reliability.Tests.Support;

namespace Kabin.Reliability.Tests.Crash;

/// <summary>
/// A reproducible stream of mixed events over four tenants: creations, updates, policy checks and
/// audits, sandbox requests (some living one second), pod phases reported by a kubelet, stops with
/// the pod's delete event, ticks and a tenant deletion. The same for every run, so that runs compare.
/// </summary>
internal static class CrashStream
{
    public const int ShortTtlSeconds = 1;

    private static readonly string[] Tenants = ["t0", "t1", "t2", "t3"];

    public static IReadOnlyList<CrashStep> Build(int count, int seed = 2026)
    {
        var random = new Random(seed);
        var steps = new List<CrashStep>();
        var sandboxes = new List<Sandbox>();
        var deleted = new HashSet<string>(StringComparer.Ordinal);
        string NextId() => $"crash-{steps.Count + 1}";

        foreach (var tenant in Tenants)
        {
            steps.Add(new CrashStep(NextId(), "dev.kabin.tenant.created", _ => Spec(tenant, extraRegistry: false)));
        }

        while (steps.Count < count)
        {
            var secondHalf = steps.Count >= count / 2;
            if (steps.Count >= count - 12 && deleted.Count == 0)
            {
                steps.Add(new CrashStep(NextId(), "dev.kabin.tenant.deleted", _ => new JsonObject { ["name"] = "t3" }));
                deleted.Add("t3");
                sandboxes.RemoveAll(sandbox => sandbox.Tenant == "t3");
                continue;
            }

            var live = Tenants.Where(tenant => !deleted.Contains(tenant)).ToArray();
            var tenant = live[random.Next(live.Length)];
            var ns = $"tenant-{tenant}";
            var mine = sandboxes.Where(sandbox => sandbox.Tenant == tenant).ToList();
            switch (random.Next(10))
            {
                case 0:
                    var extra = random.Next(2) == 0;
                    steps.Add(new CrashStep(NextId(), "dev.kabin.tenant.updated", _ => Spec(tenant, extra)));
                    break;
                case 1:
                    var rogue = random.Next(2) == 0;
                    var checkName = $"check-{steps.Count}";
                    steps.Add(new CrashStep(NextId(), "dev.kabin.policy.check.requested", _ => new JsonObject
                    {
                        ["tenant"] = tenant, ["object"] = rogue ? RoguePod(ns, checkName) : HostileCorpus.PodIn(ns, checkName),
                    }));
                    break;
                case 2:
                    var auditName = $"audit-{steps.Count}";
                    steps.Add(new CrashStep(NextId(), "dev.knative.apiserver.resource.add", _ => RoguePod(ns, auditName)));
                    break;
                case 3 or 4 when mine.Count(sandbox => sandbox.Live) < 6:
                    var name = $"s{steps.Count}";
                    var ttl = !secondHalf && random.Next(3) == 0 ? ShortTtlSeconds : 3600;
                    sandboxes.Add(new Sandbox(tenant, name, ttl == ShortTtlSeconds));
                    steps.Add(new CrashStep(NextId(), "dev.kabin.sandbox.requested", _ => new JsonObject
                    {
                        ["tenant"] = tenant, ["name"] = name, ["image"] = $"ghcr.io/{tenant}/runner:1", ["ttlSeconds"] = ttl,
                    }));
                    break;
                case 5 when mine.FirstOrDefault(sandbox => sandbox.Phase == SandboxPhase.Requested) is { } pending:
                    pending.Phase = SandboxPhase.Running;
                    steps.Add(PodPhase(NextId(), pending, new JsonObject { ["phase"] = "Running" }));
                    break;
                case 6 when mine.FirstOrDefault(sandbox => sandbox.Phase == SandboxPhase.Running) is { } running:
                    running.Phase = SandboxPhase.Finished;
                    var exitCode = random.Next(3);
                    steps.Add(PodPhase(NextId(), running, new JsonObject
                    {
                        ["phase"] = exitCode == 0 ? "Succeeded" : "Failed",
                        ["containerStatuses"] = new JsonArray(new JsonObject
                        {
                            ["name"] = "sandbox", ["state"] = new JsonObject { ["terminated"] = new JsonObject { ["exitCode"] = exitCode } },
                        }),
                    }));
                    break;
                case 7 when mine.FirstOrDefault(sandbox => sandbox.Live) is { } stopped && steps.Count < count - 1:
                    stopped.Phase = SandboxPhase.Stopped;
                    JsonObject? lastSeen = null;
                    steps.Add(new CrashStep(
                        NextId(), "dev.kabin.sandbox.stop.requested", _ => new JsonObject { ["tenant"] = tenant, ["name"] = stopped.Name },
                        cluster => lastSeen = (JsonObject?)cluster.Find("v1", "Pod", ns, stopped.PodName)?.DeepClone()));
                    steps.Add(new CrashStep(NextId(), "dev.knative.apiserver.resource.delete", _ => Deleted(lastSeen!)));
                    break;
                case 8 or 9 when secondHalf:
                    steps.Add(new CrashStep(NextId(), "dev.knative.sources.ping", _ => new JsonObject(), AfterShortTtls: true));
                    foreach (var expired in sandboxes.Where(sandbox => sandbox.ShortLived && sandbox.Live))
                    {
                        expired.Phase = SandboxPhase.Expired;
                    }

                    break;
            }
        }

        return steps;
    }

    private static CrashStep PodPhase(string id, Sandbox sandbox, JsonObject status) => new(
        id,
        "dev.knative.apiserver.resource.update",
        cluster => cluster.Find("v1", "Pod", sandbox.Namespace, sandbox.PodName)!,
        cluster => cluster.SetPodStatus(sandbox.Namespace, sandbox.PodName, status));

    /// <summary>ApiServerSource's delete event carries the pod's last state, newer than any update before it.</summary>
    private static JsonObject Deleted(JsonObject pod)
    {
        var copy = pod.DeepClone().AsObject();
        var metadata = copy["metadata"]!.AsObject();
        metadata["resourceVersion"] = (long.Parse(metadata["resourceVersion"]!.GetValue<string>(), CultureInfo.InvariantCulture) + 1000)
            .ToString(CultureInfo.InvariantCulture);
        metadata["deletionTimestamp"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        return copy;
    }

    private static JsonObject RoguePod(string ns, string name)
    {
        var pod = HostileCorpus.PodIn(ns, name);
        pod["spec"]!.AsObject().Remove("runtimeClassName");
        return pod;
    }

    private static JsonObject Spec(string tenant, bool extraRegistry) => new()
    {
        ["name"] = tenant,
        ["owners"] = new JsonArray(new JsonObject { ["kind"] = "User", ["name"] = $"owner@{tenant}.example" }),
        ["runtimeClasses"] = new JsonArray("kata-qemu"),
        ["registries"] = extraRegistry ? new JsonArray($"ghcr.io/{tenant}/", $"quay.io/{tenant}/") : new JsonArray($"ghcr.io/{tenant}/"),
        ["sandboxes"] = new JsonObject { ["max"] = 8 },
    };

    private enum SandboxPhase { Requested, Running, Finished, Stopped, Expired }

    private sealed class Sandbox(string tenant, string name, bool shortLived)
    {
        public string Tenant => tenant;

        public string Name => name;

        public string Namespace => $"tenant-{tenant}";

        public string PodName => $"sbx-{name}";

        public bool ShortLived => shortLived;

        public SandboxPhase Phase { get; set; } = SandboxPhase.Requested;

        public bool Live => Phase is SandboxPhase.Requested or SandboxPhase.Running;
    }
}
