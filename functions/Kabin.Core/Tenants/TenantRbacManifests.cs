using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Kabin.Tenants;

/// <summary>
/// The tenant's RBAC: a ServiceAccount <c>tenant-admin</c> for the tenant's own automation
/// (CI, GitOps) and one RoleBinding per subject giving the tenant-admin ClusterRole in the
/// tenant's namespace only (a RoleBinding never reaches beyond its namespace). Owner bindings are
/// named from a hash of the owner, so that an owner removed from the spec can be found and pruned.
/// </summary>
internal static class TenantRbacManifests
{
    public const string ServiceAccountName = "tenant-admin";

    public static IEnumerable<JsonObject> Build(TenantRecord tenant, TenantOptions options)
    {
        var serviceAccount = TenantManifest.Create("v1", "ServiceAccount", ServiceAccountName, tenant.Namespace, tenant.Name);
        serviceAccount["automountServiceAccountToken"] = false;
        yield return serviceAccount;

        yield return Binding(tenant, options, "kabin-tenant-admin", "service-account", null,
            new JsonObject { ["kind"] = "ServiceAccount", ["name"] = ServiceAccountName, ["namespace"] = tenant.Namespace });

        foreach (var owner in tenant.Owners)
        {
            yield return Binding(tenant, options, OwnerBindingName(owner), "owner", owner.Name, Subject(owner, tenant.Namespace));
        }

        if (options.SandboxExecClusterRole.Length > 0 && options.SandboxServiceAccount.Split('/') is [var accountNamespace, var account])
        {
            var exec = Binding(tenant, options, SandboxExecBindingName, "sandbox-exec", null,
                new JsonObject { ["kind"] = "ServiceAccount", ["name"] = account, ["namespace"] = accountNamespace });
            exec["roleRef"]!["name"] = options.SandboxExecClusterRole;
            yield return exec;
        }
    }

    /// <summary>The RoleBinding that lets the sandbox function run commands in this tenant's pods, and in no other namespace's.</summary>
    public const string SandboxExecBindingName = "kabin-sandbox-exec";

    /// <summary><c>kabin-owner-{user|group|sa}-{first 10 hex digits of SHA-256 of the name}</c>.</summary>
    public static string OwnerBindingName(TenantOwner owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var kind = owner.Kind switch
        {
            "User" => "user",
            "Group" => "group",
            _ => "sa",
        };
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(owner.Name)))[..10];
        return $"kabin-owner-{kind}-{hash}";
    }

    private static JsonObject Subject(TenantOwner owner, string tenantNamespace)
    {
        if (owner.Kind != "ServiceAccount")
        {
            return new JsonObject { ["kind"] = owner.Kind, ["apiGroup"] = "rbac.authorization.k8s.io", ["name"] = owner.Name };
        }

        var parts = owner.Name.Split('/');
        return parts.Length == 2
            ? new JsonObject { ["kind"] = "ServiceAccount", ["name"] = parts[1], ["namespace"] = parts[0] }
            : new JsonObject { ["kind"] = "ServiceAccount", ["name"] = owner.Name, ["namespace"] = tenantNamespace };
    }

    private static JsonObject Binding(
        TenantRecord tenant, TenantOptions options, string name, string binding, string? owner, JsonObject subject)
    {
        var manifest = TenantManifest.Create("rbac.authorization.k8s.io/v1", "RoleBinding", name, tenant.Namespace, tenant.Name,
            new JsonObject { [TenantLabels.Binding] = binding });
        if (owner is not null)
        {
            ((JsonObject)manifest["metadata"]!)["annotations"] = new JsonObject { ["kabin.dev/owner"] = owner };
        }

        manifest["roleRef"] = new JsonObject
        {
            ["apiGroup"] = "rbac.authorization.k8s.io",
            ["kind"] = "ClusterRole",
            ["name"] = options.AdminClusterRole,
        };
        manifest["subjects"] = new JsonArray(subject);
        return manifest;
    }
}
