using System.Globalization;
using System.Text.Json.Nodes;
using Kabin.Quantities;
using Kabin.Tenants;

namespace Kabin.Sandboxes;

/// <summary>Builds the pod that runs one sandbox in a Kata VM.</summary>
internal static class SandboxPods
{
    /// <summary>The requested size, or the configured default capped at the tenant's largest sandbox.</summary>
    public static (string Cpu, string Memory) SizeOf(SandboxRequest request, TenantRecord tenant, SandboxOptions options) =>
        (request.Cpu ?? Smaller(options.DefaultCpu, tenant.Sandboxes.MaxCpu),
         request.Memory ?? Smaller(options.DefaultMemory, tenant.Sandboxes.MaxMemory));

    /// <summary>The writable workspace (the root filesystem is read-only): where commands start and file paths begin.</summary>
    public const string WorkDirectory = "/work";

    public static JsonObject Build(
        SandboxRequest request, TenantRecord tenant, SandboxOptions options, int ttlSeconds, DateTimeOffset expiresAt)
    {
        var (cpu, memory) = SizeOf(request, tenant, options);
        var size = new JsonObject { ["cpu"] = cpu, ["memory"] = memory };
        var container = new JsonObject
        {
            ["name"] = "sandbox",
            ["image"] = request.Image,
            ["resources"] = new JsonObject { ["limits"] = size.DeepClone(), ["requests"] = size },
            ["securityContext"] = new JsonObject
            {
                ["allowPrivilegeEscalation"] = false,
                ["capabilities"] = new JsonObject { ["drop"] = new JsonArray("ALL") },
                ["privileged"] = false,
                ["readOnlyRootFilesystem"] = true,
                ["runAsNonRoot"] = true,
                ["seccompProfile"] = new JsonObject { ["type"] = "RuntimeDefault" },
            },
            ["workingDir"] = WorkDirectory,
            ["volumeMounts"] = new JsonArray(
                new JsonObject { ["name"] = "tmp", ["mountPath"] = "/tmp" },
                new JsonObject { ["name"] = "work", ["mountPath"] = WorkDirectory }),
        };
        if (request.Command is { Count: > 0 } command)
        {
            container["command"] = new JsonArray([.. command.Select(part => (JsonNode?)JsonValue.Create(part))]);
        }

        if (request.Args is { Count: > 0 } args)
        {
            container["args"] = new JsonArray([.. args.Select(part => (JsonNode?)JsonValue.Create(part))]);
        }

        if (request.Env is { Count: > 0 } env)
        {
            container["env"] = new JsonArray([.. env.OrderBy(pair => pair.Key, StringComparer.Ordinal)
                .Select(pair => (JsonNode?)new JsonObject { ["name"] = pair.Key, ["value"] = pair.Value })]);
        }

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject
            {
                ["name"] = options.PodNamePrefix + request.Name,
                ["namespace"] = tenant.Namespace,
                ["labels"] = new JsonObject
                {
                    [SandboxLabels.Tenant] = tenant.Name,
                    [SandboxLabels.Sandbox] = request.Name,
                },
                ["annotations"] = new JsonObject { ["kabin.dev/expires-at"] = expiresAt.ToString("O", CultureInfo.InvariantCulture) },
            },
            ["spec"] = new JsonObject
            {
                ["runtimeClassName"] = request.RuntimeClass ?? tenant.DefaultRuntimeClass,
                ["restartPolicy"] = "Never",
                ["activeDeadlineSeconds"] = ttlSeconds,
                ["automountServiceAccountToken"] = false,
                ["enableServiceLinks"] = false,
                ["securityContext"] = new JsonObject
                {
                    ["runAsNonRoot"] = true,
                    ["seccompProfile"] = new JsonObject { ["type"] = "RuntimeDefault" },
                },
                ["containers"] = new JsonArray(container),
                ["volumes"] = new JsonArray(
                    new JsonObject { ["name"] = "tmp", ["emptyDir"] = new JsonObject { ["sizeLimit"] = "256Mi" } },
                    new JsonObject { ["name"] = "work", ["emptyDir"] = new JsonObject { ["sizeLimit"] = options.WorkSizeLimit } }),
            },
        };
    }

    private static string Smaller(string preferred, string cap) =>
        ResourceQuantity.TryParse(cap, out var max) && ResourceQuantity.TryParse(preferred, out var wanted) && wanted > max
            ? cap
            : preferred;
}
