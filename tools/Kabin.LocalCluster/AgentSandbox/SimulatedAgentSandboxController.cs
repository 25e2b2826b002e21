using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Kabin.LocalCluster;

/// <summary>
/// agent-sandbox's controllers (v1beta1) in small, level-triggered per namespace: a Sandbox gets
/// its pod (named after it) and a status mirroring the pod (Ready, Finished, podIPs); a
/// SandboxWarmPool keeps <c>replicas</c> unclaimed Sandboxes from its SandboxTemplate (stale ones
/// deleted at once with Recreate, left until claimed with OnReplenish, the default); a
/// SandboxClaim adopts a Ready member of its pool, waits up to two seconds for a booting one, or
/// else starts a cold Sandbox of its own, and mirrors the Sandbox's conditions, name and podIPs; a
/// claim or Sandbox past its shutdown time is deleted (its dependents go with it).
/// </summary>
internal sealed class SimulatedAgentSandboxController(ObjectStore store, ApiResourceCatalog catalog) : IAsyncDisposable
{
    public const string Manager = "agent-sandbox-controller";
    private const string WarmPoolLabel = "agents.x-k8s.io/warm-pool-sandbox";
    private const string TemplateHashLabel = "agents.x-k8s.io/sandbox-template-hash";
    private const string LaunchTypeLabel = "agents.x-k8s.io/launch-type";
    private const string ClaimUidLabel = "agents.x-k8s.io/claim-uid";
    private const string PodNameAnnotation = "agents.x-k8s.io/pod-name";
    private static readonly TimeSpan WarmCandidateGrace = TimeSpan.FromSeconds(2);

    private readonly ApiResource _sandboxes = catalog.ByKind("agents.x-k8s.io/v1beta1", "Sandbox");
    private readonly ApiResource _claims = catalog.ByKind("extensions.agents.x-k8s.io/v1beta1", "SandboxClaim");
    private readonly ApiResource _pools = catalog.ByKind("extensions.agents.x-k8s.io/v1beta1", "SandboxWarmPool");
    private readonly ApiResource _templates = catalog.ByKind("extensions.agents.x-k8s.io/v1beta1", "SandboxTemplate");
    private readonly ApiResource _pods = catalog.ByKind("v1", "Pod");
    private readonly Channel<string> _queue = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly HashSet<string> _queued = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private Task _watch = Task.CompletedTask;
    private Task _work = Task.CompletedTask;

    public void Start()
    {
        var kinds = new HashSet<ApiResource> { _sandboxes, _claims, _pools, _templates };
        var subscription = store.Watch((key, body) => key.Namespace is not null
            && (kinds.Contains(key.Resource) || (key.Resource == _pods && OwnerOf(body, "Sandbox") is not null)), null);
        _watch = Task.Run(async () =>
        {
            using (subscription)
            {
                await foreach (var change in subscription.ReadAllAsync(_stopping.Token))
                {
                    Enqueue(change.Key.Namespace!);
                }
            }
        });
        _work = Task.Run(WorkAsync);
    }

    private void Enqueue(string namespaceName)
    {
        lock (_gate)
        {
            if (_queued.Add(namespaceName))
            {
                _queue.Writer.TryWrite(namespaceName);
            }
        }
    }

    private async Task WorkAsync()
    {
        await foreach (var namespaceName in _queue.Reader.ReadAllAsync(_stopping.Token))
        {
            lock (_gate)
            {
                _queued.Remove(namespaceName);
            }

            TimeSpan? again;
            try
            {
                again = Reconcile(namespaceName);
            }
            catch (Exception failure) when (failure is ApiStatusException or InvalidOperationException or NullReferenceException or FormatException)
            {
                // A controller retries what failed; say so, and look again shortly.
                await Console.Error.WriteLineAsync($"kabin-local-cluster: agent-sandbox controller failed in {namespaceName}: {failure.Message}");
                again = TimeSpan.FromMilliseconds(200);
            }

            if (again is { } delay)
            {
                _ = RequeueAsync(namespaceName, delay);
            }
        }
    }

    private async Task RequeueAsync(string namespaceName, TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay < TimeSpan.FromMilliseconds(10) ? TimeSpan.FromMilliseconds(10) : delay, store.Time, _stopping.Token);
            Enqueue(namespaceName);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <summary>One pass over a namespace; returns when to look again for what time alone changes (grace, shutdown).</summary>
    private TimeSpan? Reconcile(string namespaceName)
    {
        var now = store.Time.GetUtcNow();
        TimeSpan? again = null;
        void Again(TimeSpan delay) => again = again is { } earlier && earlier < delay ? earlier : delay;
        foreach (var sandbox in Live(_sandboxes, namespaceName))
        {
            ReconcileSandbox(sandbox, now, Again);
        }

        foreach (var pool in Live(_pools, namespaceName))
        {
            ReconcilePool(pool, Again);
        }

        foreach (var claim in Live(_claims, namespaceName))
        {
            ReconcileClaim(claim, now, Again);
        }

        return again;
    }

    private void ReconcileSandbox(JsonObject sandbox, DateTimeOffset now, Action<TimeSpan> again)
    {
        var key = KeyOf(_sandboxes, sandbox);
        if (ShutdownTime(sandbox["spec"]?["shutdownTime"]) is { } shutdown)
        {
            if (shutdown <= now)
            {
                store.Delete(key, new DeleteOptions());
                return;
            }

            again(shutdown - now);
        }

        var podName = sandbox["metadata"]?["annotations"]?[PodNameAnnotation]?.ToString() ?? key.Name;
        var podKey = new ObjectKey(_pods, key.Namespace, podName);
        var pod = store.Get(podKey);
        var finished = Condition(sandbox, "Finished") is { } f && f["status"]?.ToString() == "True";
        if (pod is null && !finished)
        {
            pod = Create(podKey, PodFrom(sandbox, podName));
        }

        var phase = pod?["status"]?["phase"]?.ToString();
        var podReady = (pod?["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>()
            .Any(c => c["type"]?.ToString() == "Ready" && c["status"]?.ToString() == "True") == true;
        var ips = new JsonArray([.. (pod?["status"]?["podIPs"] as JsonArray ?? []).OfType<JsonObject>().Select(ip => (JsonNode?)ip["ip"]?.DeepClone())]);
        var status = new JsonObject();
        var conditions = new JsonArray();
        var outcome = phase switch { "Succeeded" => "PodSucceeded", "Failed" => "PodFailed", _ => null };
        if (outcome is not null || finished)
        {
            conditions.Add(Keep(sandbox, "Finished", "True", outcome ?? Condition(sandbox, "Finished")!["reason"]!.ToString(), now));
        }

        var ready = podReady && ips.Count > 0 && outcome is null;
        conditions.Add(Keep(sandbox, "Ready", ready ? "True" : "False",
            ready ? "DependenciesReady" : outcome ?? "DependenciesNotReady", now));
        status["conditions"] = conditions;
        if (ips.Count > 0)
        {
            status["podIPs"] = ips;
        }

        if (pod?["spec"]?["nodeName"] is { } node)
        {
            status["nodeName"] = node.DeepClone();
        }

        store.Update(key, body => body["status"] = status);
    }

    private void ReconcilePool(JsonObject pool, Action<TimeSpan> again)
    {
        var key = KeyOf(_pools, pool);
        var template = store.Get(new ObjectKey(_templates, key.Namespace, pool["spec"]?["sandboxTemplateRef"]?["name"]?.ToString() ?? ""));
        if (template is null)
        {
            again(TimeSpan.FromSeconds(1));
            return;
        }

        var hash = Hash(template["spec"]!);
        var members = Members(pool);
        var recreate = pool["spec"]?["updateStrategy"]?["type"]?.ToString() == "Recreate";
        var doomed = members.Where(member => (recreate && Labels(member)[TemplateHashLabel]?.ToString() != hash)
            || Condition(member, "Finished")?["status"]?.ToString() == "True").ToList();
        var alive = members.Except(doomed).ToList();
        var replicas = (int)(JsonNumbers.Long(pool["spec"]?["replicas"]) ?? 1);
        doomed.AddRange(alive.OrderBy(IsReady).ThenByDescending(m => m["metadata"]?["creationTimestamp"]?.ToString(), StringComparer.Ordinal).Take(Math.Max(0, alive.Count - replicas)));
        foreach (var member in doomed)
        {
            store.Delete(KeyOf(_sandboxes, member), new DeleteOptions());
        }

        for (var i = alive.Count; i < replicas; i++)
        {
            CreateMember(pool, template, hash);
        }

        var kept = Members(pool);
        store.Update(key, body => body["status"] = new JsonObject
        {
            ["replicas"] = kept.Count,
            ["readyReplicas"] = kept.Count(IsReady),
            ["selector"] = $"{WarmPoolLabel}={key.Name}",
            ["observedGeneration"] = body["metadata"]?["generation"]?.DeepClone(),
        });
    }

    private void ReconcileClaim(JsonObject claim, DateTimeOffset now, Action<TimeSpan> again)
    {
        var key = KeyOf(_claims, claim);
        var lifecycle = claim["spec"]?["lifecycle"];
        if (ShutdownTime(lifecycle?["shutdownTime"]) is { } shutdown)
        {
            if (shutdown <= now)
            {
                if (lifecycle?["shutdownPolicy"]?.ToString() == "Retain")
                {
                    DeleteOwnedSandbox(claim);
                    store.Update(key, body => body["status"] = new JsonObject
                    {
                        ["conditions"] = new JsonArray(Keep(body, "Ready", "False", "ClaimExpired", now)),
                    });
                }
                else
                {
                    store.Delete(key, new DeleteOptions());
                }

                return;
            }

            again(shutdown - now);
        }

        var sandbox = Bound(claim);
        if (sandbox is null && !(Condition(claim, "Ready")?["reason"]?.ToString() is "ClaimExpired"))
        {
            sandbox = Bind(claim, now, again, out var waiting);
            if (sandbox is null)
            {
                store.Update(key, body => body["status"] = new JsonObject
                {
                    ["conditions"] = new JsonArray(Keep(body, "Ready", "False", waiting, now)),
                });
                return;
            }
        }

        if (sandbox is null)
        {
            return;
        }

        var conditions = new JsonArray();
        foreach (var type in (string[])["Finished", "Ready"])
        {
            if (Condition(sandbox, type) is { } mirrored)
            {
                conditions.Add(mirrored.DeepClone());
            }
        }

        var status = new JsonObject
        {
            ["conditions"] = conditions,
            ["sandbox"] = new JsonObject { ["name"] = sandbox["metadata"]!["name"]!.DeepClone() },
        };
        if (sandbox["status"]?["podIPs"] is JsonArray ips)
        {
            status["sandbox"]!["podIPs"] = ips.DeepClone();
        }

        store.Update(key, body => body["status"] = status);
    }

    /// <summary>The Sandbox the claim's status names, if it still exists and is the claim's.</summary>
    private JsonObject? Bound(JsonObject claim)
    {
        var name = claim["status"]?["sandbox"]?["name"]?.ToString() ?? claim["metadata"]!["name"]!.ToString();
        var sandbox = store.Get(new ObjectKey(_sandboxes, claim["metadata"]!["namespace"]!.ToString(), name));
        return sandbox is not null && OwnerOf(sandbox, "SandboxClaim")?["uid"]?.ToString() == claim["metadata"]!["uid"]!.ToString() ? sandbox : null;
    }

    /// <summary>A Ready member adopted; else, past the grace or with no member booting, a cold Sandbox; else null with the reason it waits.</summary>
    private JsonObject? Bind(JsonObject claim, DateTimeOffset now, Action<TimeSpan> again, out string waiting)
    {
        var ns = claim["metadata"]!["namespace"]!.ToString();
        var pool = store.Get(new ObjectKey(_pools, ns, claim["spec"]?["warmPoolRef"]?["name"]?.ToString() ?? ""));
        var template = pool is null ? null : store.Get(new ObjectKey(_templates, ns, pool["spec"]?["sandboxTemplateRef"]?["name"]?.ToString() ?? ""));
        if (pool is null || template is null)
        {
            waiting = pool is null ? "WarmPoolNotFound" : "TemplateNotFound";
            again(TimeSpan.FromMilliseconds(500));
            return null;
        }

        var members = Members(pool);
        foreach (var member in members.Where(IsReady).OrderBy(m => m["metadata"]!["name"]!.ToString(), StringComparer.Ordinal))
        {
            var memberKey = KeyOf(_sandboxes, member);
            var adopted = store.Update(memberKey, body =>
            {
                var labels = body["metadata"]!["labels"]!.AsObject();
                labels.Remove(WarmPoolLabel);
                labels[ClaimUidLabel] = claim["metadata"]!["uid"]!.ToString();
                labels[LaunchTypeLabel] = "warm";
                body["metadata"]!["ownerReferences"] = new JsonArray(OwnerReference(claim));
            });
            if (adopted)
            {
                waiting = "";
                return store.Get(memberKey);
            }
        }

        var age = now - (DateTimeOffset.TryParse(claim["metadata"]?["creationTimestamp"]?.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var created) ? created : now);
        if (members.Count > 0 && age < WarmCandidateGrace)
        {
            waiting = "WarmCandidatesPending";
            again(WarmCandidateGrace - age);
            return null;
        }

        waiting = "";
        var cold = SandboxFrom(template, claim["metadata"]!["name"]!.ToString(), ns, OwnerReference(claim));
        cold["metadata"]!["labels"]![ClaimUidLabel] = claim["metadata"]!["uid"]!.ToString();
        cold["metadata"]!["labels"]![LaunchTypeLabel] = "cold";
        return Create(KeyOf(_sandboxes, cold), cold);
    }

    private void DeleteOwnedSandbox(JsonObject claim)
    {
        if (Bound(claim) is { } sandbox)
        {
            store.Delete(KeyOf(_sandboxes, sandbox), new DeleteOptions());
        }
    }

    private void CreateMember(JsonObject pool, JsonObject template, string hash)
    {
        var ns = pool["metadata"]!["namespace"]!.ToString();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var name = $"{pool["metadata"]!["name"]}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))[..5]}";
            var member = SandboxFrom(template, name, ns, OwnerReference(pool));
            member["metadata"]!["labels"]![WarmPoolLabel] = pool["metadata"]!["name"]!.ToString();
            member["metadata"]!["labels"]![TemplateHashLabel] = hash;
            try
            {
                Create(KeyOf(_sandboxes, member), member);
                return;
            }
            catch (ApiStatusException taken) when (taken.Code == 409)
            {
                // The random name is taken: draw another.
            }
        }
    }

    private static JsonObject SandboxFrom(JsonObject template, string name, string ns, JsonObject owner) => new()
    {
        ["apiVersion"] = "agents.x-k8s.io/v1beta1",
        ["kind"] = "Sandbox",
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["namespace"] = ns,
            ["labels"] = new JsonObject(),
            ["annotations"] = new JsonObject { ["agents.x-k8s.io/sandbox-template-ref"] = template["metadata"]!["name"]!.DeepClone() },
            ["ownerReferences"] = new JsonArray(owner),
        },
        ["spec"] = new JsonObject { ["podTemplate"] = template["spec"]?["podTemplate"]?.DeepClone() },
    };

    private JsonObject PodFrom(JsonObject sandbox, string podName)
    {
        var template = sandbox["spec"]?["podTemplate"];
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject
            {
                ["name"] = podName,
                ["namespace"] = sandbox["metadata"]!["namespace"]!.DeepClone(),
                ["labels"] = template?["metadata"]?["labels"]?.DeepClone() ?? new JsonObject(),
                ["annotations"] = template?["metadata"]?["annotations"]?.DeepClone() ?? new JsonObject(),
                ["ownerReferences"] = new JsonArray(OwnerReference(sandbox, _sandboxes)),
            },
            ["spec"] = template?["spec"]?.DeepClone() ?? new JsonObject(),
        };
    }

    private JsonObject OwnerReference(JsonObject owner, ApiResource? resource = null)
    {
        var kind = owner["kind"]?.ToString() ?? resource?.Kind;
        var apiVersion = owner["apiVersion"]?.ToString() ?? resource?.ApiVersion
            ?? (kind == "Sandbox" ? _sandboxes.ApiVersion : kind == "SandboxClaim" ? _claims.ApiVersion : _pools.ApiVersion);
        return new JsonObject
        {
            ["apiVersion"] = apiVersion,
            ["kind"] = kind,
            ["name"] = owner["metadata"]!["name"]!.DeepClone(),
            ["uid"] = owner["metadata"]!["uid"]!.DeepClone(),
            ["controller"] = true,
            ["blockOwnerDeletion"] = true,
        };
    }

    /// <summary>The pool's unclaimed Sandboxes: those it controls, not being deleted.</summary>
    private List<JsonObject> Members(JsonObject pool)
    {
        var uid = pool["metadata"]!["uid"]!.ToString();
        return [.. Live(_sandboxes, pool["metadata"]!["namespace"]!.ToString()).Where(sandbox => OwnerOf(sandbox, "SandboxWarmPool")?["uid"]?.ToString() == uid)];
    }

    private IEnumerable<JsonObject> Live(ApiResource resource, string namespaceName) =>
        store.List(resource, namespaceName, LabelSelector.Everything, FieldSelector.Everything, null, null)["items"]!.AsArray()
            .OfType<JsonObject>().Where(item => item["metadata"]?["deletionTimestamp"] is null);

    private JsonObject Create(ObjectKey key, JsonObject body) => store.Commit(store.PlanCreate(key, body, Manager), dryRun: false);

    private static ObjectKey KeyOf(ApiResource resource, JsonObject body) =>
        new(resource, body["metadata"]!["namespace"]!.ToString(), body["metadata"]!["name"]!.ToString());

    private static JsonObject? OwnerOf(JsonObject body, string kind) =>
        (body["metadata"]?["ownerReferences"] as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(owner => owner["kind"]?.ToString() == kind && owner["controller"]?.GetValue<bool>() == true);

    private static JsonObject Labels(JsonObject body) => body["metadata"]?["labels"] as JsonObject ?? [];

    private static JsonObject? Condition(JsonObject body, string type) =>
        (body["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => c["type"]?.ToString() == type);

    private static bool IsReady(JsonObject sandbox) => Condition(sandbox, "Ready")?["status"]?.ToString() == "True";

    /// <summary>A condition as it should be, keeping its transition time when its status did not change.</summary>
    private static JsonObject Keep(JsonObject body, string type, string status, string reason, DateTimeOffset now)
    {
        var old = Condition(body, type);
        var since = old?["status"]?.ToString() == status && old["lastTransitionTime"] is { } at
            ? at.DeepClone()
            : now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        return new JsonObject { ["type"] = type, ["status"] = status, ["reason"] = reason, ["lastTransitionTime"] = since };
    }

    private static DateTimeOffset? ShutdownTime(JsonNode? node) =>
        DateTimeOffset.TryParse(node?.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;

    private static string Hash(JsonNode spec) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(spec.ToJsonString())))[..10];

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        foreach (var task in (Task[])[_watch, _work])
        {
            try
            {
                await task;
            }
            catch (OperationCanceledException)
            {
                // Stopping.
            }
        }

        _stopping.Dispose();
    }
}
