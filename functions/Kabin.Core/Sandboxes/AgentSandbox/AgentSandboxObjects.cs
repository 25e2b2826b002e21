using System.Globalization;
using System.Text.Json.Nodes;
using Kabin.Tenants;

namespace Kabin.Sandboxes.AgentSandbox;

/// <summary>
/// What Kabin writes when agent-sandbox runs its sandboxes: per warm pool a SandboxTemplate (the
/// pool's sandbox pod as <c>spec.podTemplate</c>, judged by the tenant's policy like the pod) and a
/// SandboxWarmPool; per sandbox a SandboxClaim on its pool, or a Sandbox of its own when no pool
/// serves it. Kabin's labels sit on the claim or Sandbox, not on the pod, so that exactly one object
/// drives a sandbox's record.
/// </summary>
internal static class AgentSandboxObjects
{
    /// <summary>
    /// How long after Kabin's own expiry agent-sandbox shuts a sandbox down on its own: Kabin's
    /// reaper (a tick a minute) normally ends it first, and reports it Expired; the shutdown time
    /// only keeps a sandbox from outliving Kabin's state if that is lost.
    /// </summary>
    public static readonly TimeSpan ShutdownBackstop = TimeSpan.FromMinutes(5);

    public const string ManagedBy = "app.kubernetes.io/managed-by";

    public static string PoolObjectName(WarmPool pool, SandboxOptions options) => $"{options.PodNamePrefix}pool-{pool.Name}";

    /// <summary>The pool's template: its member pod's spec and labels, with Kabin's network policies (not agent-sandbox's) and no injected env.</summary>
    public static JsonObject Template(TenantRecord tenant, WarmPool pool, JsonObject memberPod, SandboxOptions options)
    {
        var podMetadata = memberPod["metadata"]!.AsObject();
        return new JsonObject
        {
            ["apiVersion"] = AgentSandboxKinds.ExtensionsApiVersion,
            ["kind"] = AgentSandboxKinds.SandboxTemplate,
            ["metadata"] = PoolMetadata(tenant, pool, options),
            ["spec"] = new JsonObject
            {
                ["podTemplate"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = podMetadata["labels"]!.DeepClone() },
                    ["spec"] = memberPod["spec"]!.DeepClone(),
                },
                ["networkPolicyManagement"] = "Unmanaged",
                ["envVarsInjectionPolicy"] = "Disallowed",
                ["volumeClaimTemplatesPolicy"] = "Disallowed",
            },
        };
    }

    public static JsonObject WarmPool(TenantRecord tenant, WarmPool pool, SandboxOptions options) => new()
    {
        ["apiVersion"] = AgentSandboxKinds.ExtensionsApiVersion,
        ["kind"] = AgentSandboxKinds.SandboxWarmPool,
        ["metadata"] = PoolMetadata(tenant, pool, options),
        ["spec"] = new JsonObject
        {
            ["replicas"] = pool.Replicas,
            ["sandboxTemplateRef"] = new JsonObject { ["name"] = PoolObjectName(pool, options) },
            ["updateStrategy"] = new JsonObject { ["type"] = pool.UpdateStrategy.ToString() },
        },
    };

    /// <summary>A claim on <paramref name="pool"/> for the sandbox whose pod manifest is <paramref name="pod"/>.</summary>
    public static JsonObject Claim(JsonObject pod, WarmPool pool, DateTimeOffset expiresAt, SandboxOptions options) => new()
    {
        ["apiVersion"] = AgentSandboxKinds.ExtensionsApiVersion,
        ["kind"] = AgentSandboxKinds.SandboxClaim,
        ["metadata"] = SandboxMetadata(pod),
        ["spec"] = new JsonObject
        {
            ["warmPoolRef"] = new JsonObject { ["name"] = PoolObjectName(pool, options) },
            ["lifecycle"] = new JsonObject { ["shutdownTime"] = Time(expiresAt + ShutdownBackstop), ["shutdownPolicy"] = "Delete" },
        },
    };

    /// <summary>A Sandbox of its own for a request no pool serves: the pod Kabin would run, as its template.</summary>
    public static JsonObject Sandbox(JsonObject pod, DateTimeOffset expiresAt)
    {
        var labels = pod["metadata"]!["labels"]!.DeepClone().AsObject();
        labels.Remove(SandboxLabels.Sandbox);
        return new JsonObject
        {
            ["apiVersion"] = AgentSandboxKinds.CoreApiVersion,
            ["kind"] = AgentSandboxKinds.Sandbox,
            ["metadata"] = SandboxMetadata(pod),
            ["spec"] = new JsonObject
            {
                ["podTemplate"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = labels, ["annotations"] = pod["metadata"]!["annotations"]?.DeepClone() },
                    ["spec"] = pod["spec"]!.DeepClone(),
                },
                ["shutdownTime"] = Time(expiresAt + ShutdownBackstop),
                ["shutdownPolicy"] = "Delete",
            },
        };
    }

    private static JsonObject SandboxMetadata(JsonObject pod)
    {
        var metadata = pod["metadata"]!.DeepClone().AsObject();
        metadata["labels"]![ManagedBy] = "kabin";
        return metadata;
    }

    private static JsonObject PoolMetadata(TenantRecord tenant, WarmPool pool, SandboxOptions options) => new()
    {
        ["name"] = PoolObjectName(pool, options),
        ["namespace"] = tenant.Namespace,
        ["labels"] = new JsonObject
        {
            [SandboxLabels.Tenant] = tenant.Name,
            [SandboxLabels.Pool] = pool.Name,
            [SandboxLabels.PoolTemplate] = pool.TemplateHash,
            [ManagedBy] = "kabin",
        },
    };

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
