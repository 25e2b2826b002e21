using Kabin.Cluster;

namespace Kabin.Adapters.Kubernetes;

/// <summary>The kinds Kabin reads and writes, and where the API server serves each of them.</summary>
internal static class KubernetesResources
{
    private static readonly Dictionary<(string ApiVersion, string Kind), KubernetesResource> Table = new()
    {
        [("v1", "Namespace")] = new(string.Empty, "v1", "namespaces", Namespaced: false),
        [("v1", "ResourceQuota")] = new(string.Empty, "v1", "resourcequotas", Namespaced: true),
        [("v1", "LimitRange")] = new(string.Empty, "v1", "limitranges", Namespaced: true),
        [("v1", "ServiceAccount")] = new(string.Empty, "v1", "serviceaccounts", Namespaced: true),
        [("v1", "Pod")] = new(string.Empty, "v1", "pods", Namespaced: true),
        [("networking.k8s.io/v1", "NetworkPolicy")] = new("networking.k8s.io", "v1", "networkpolicies", Namespaced: true),
        [("rbac.authorization.k8s.io/v1", "Role")] = new("rbac.authorization.k8s.io", "v1", "roles", Namespaced: true),
        [("rbac.authorization.k8s.io/v1", "RoleBinding")] = new("rbac.authorization.k8s.io", "v1", "rolebindings", Namespaced: true),
        [("rbac.authorization.k8s.io/v1", "ClusterRole")] = new("rbac.authorization.k8s.io", "v1", "clusterroles", Namespaced: false),
        [("eventing.knative.dev/v1alpha1", "EventPolicy")] = new("eventing.knative.dev", "v1alpha1", "eventpolicies", Namespaced: true),
        [("agents.x-k8s.io/v1beta1", "Sandbox")] = new("agents.x-k8s.io", "v1beta1", "sandboxes", Namespaced: true),
        [("extensions.agents.x-k8s.io/v1beta1", "SandboxClaim")] = new("extensions.agents.x-k8s.io", "v1beta1", "sandboxclaims", Namespaced: true),
        [("extensions.agents.x-k8s.io/v1beta1", "SandboxTemplate")] = new("extensions.agents.x-k8s.io", "v1beta1", "sandboxtemplates", Namespaced: true),
        [("extensions.agents.x-k8s.io/v1beta1", "SandboxWarmPool")] = new("extensions.agents.x-k8s.io", "v1beta1", "sandboxwarmpools", Namespaced: true),
        [("authentication.k8s.io/v1", "TokenReview")] = new("authentication.k8s.io", "v1", "tokenreviews", Namespaced: false),
        [("authorization.k8s.io/v1", "SubjectAccessReview")] = new("authorization.k8s.io", "v1", "subjectaccessreviews", Namespaced: false),
    };

    public static KubernetesResource Find(string apiVersion, string kind) =>
        Table.TryGetValue((apiVersion, kind), out var resource)
            ? resource
            : throw new ArgumentException(
                $"Kabin's cluster adapter does not know {apiVersion} {kind}. Add it to KubernetesResources with its group, version, plural and scope.");

    /// <summary>The namespace segment to use for an object: required for namespaced kinds, refused for cluster-scoped ones.</summary>
    public static string? NamespaceFor(KubernetesResource resource, ResourceRef target)
    {
        if (resource.Namespaced && string.IsNullOrEmpty(target.Namespace))
        {
            throw new ArgumentException($"{target.Kind} {target.Name} is namespaced: set metadata.namespace.");
        }

        if (!resource.Namespaced && target.Namespace is not null)
        {
            throw new ArgumentException($"{target.Kind} {target.Name} is cluster-scoped: remove metadata.namespace.");
        }

        return target.Namespace;
    }
}
