using System.Text.Json.Nodes;
using Kabin.Manifests.Tests.Support;
using Kabin.Sandboxes;

namespace Kabin.Manifests.Tests;

/// <summary>The admission webhooks: what they cover, how they fail, and the TLS path to the admission service.</summary>
public sealed class AdmissionWebhookTests
{
    private const string Admission = "admissionregistration.k8s.io";

    private static readonly string[] s_coveredKinds =
    [
        "/pods", "/replicationcontrollers", "agents.x-k8s.io/sandboxes", "apps/daemonsets", "apps/deployments", "apps/replicasets", "apps/statefulsets",
        "batch/cronjobs", "batch/jobs", "extensions.agents.x-k8s.io/sandboxtemplates", "serving.knative.dev/services",
    ];

    public static TheoryData<string, string> Webhooks() => new()
    {
        { "ValidatingWebhookConfiguration", "/admission/validate" },
        { "MutatingWebhookConfiguration", "/admission/mutate" },
    };

    private static JsonNode Webhook(string kind, string name = "") =>
        ManifestSet.Named(Admission, kind, "kabin-policy").Body["webhooks"]!.AsArray()
            .Single(webhook => (string?)webhook!["name"] == (name.Length > 0 ? name : kind.StartsWith("Validating", StringComparison.Ordinal) ? "validate.policy.kabin.dev" : "mutate.policy.kabin.dev"))!;

    [Fact]
    public void The_guard_webhook_sends_every_change_to_an_object_kabin_manages_in_tenant_namespaces_and_fails_closed()
    {
        var guard = Webhook("ValidatingWebhookConfiguration", "guard.policy.kabin.dev");

        var covered = (guard["rules"] as JsonArray ?? [])
            .SelectMany(rule => (rule?["apiGroups"] as JsonArray ?? []).SelectMany(group =>
                (rule?["resources"] as JsonArray ?? []).Select(resource => $"{group}/{resource}")))
            .Order(StringComparer.Ordinal);
        Assert.Equal(
            ["/limitranges", "/resourcequotas", "/serviceaccounts", "eventing.knative.dev/eventpolicies", "networking.k8s.io/networkpolicies",
             "rbac.authorization.k8s.io/rolebindings", "rbac.authorization.k8s.io/roles"],
            covered);
        Assert.All(guard["rules"] as JsonArray ?? [], rule => Assert.Equal(["CREATE", "UPDATE", "DELETE"], (rule?["operations"] as JsonArray ?? []).Select(item => (string?)item)));
        Assert.Equal("kabin", (string?)guard["objectSelector"]?["matchLabels"]?["app.kubernetes.io/managed-by"]);
        Assert.Equal(SandboxLabels.Tenant, (string?)guard["namespaceSelector"]?["matchExpressions"]?[0]?["key"]);
        Assert.Equal("Fail", (string?)guard["failurePolicy"]);
        Assert.Equal("/admission/validate", (string?)guard["clientConfig"]?["service"]?["path"]);
        Assert.Equal((string?)Webhook("ValidatingWebhookConfiguration")["clientConfig"]?["service"]?["name"], (string?)guard["clientConfig"]?["service"]?["name"]);
    }

    [Theory]
    [MemberData(nameof(Webhooks))]
    public void Webhook_covers_pods_and_every_workload_kind_in_tenant_namespaces_and_fails_closed(string kind, string path)
    {
        _ = path;
        var webhook = Webhook(kind);

        var covered = (webhook["rules"] as JsonArray ?? [])
            .SelectMany(rule => (rule?["apiGroups"] as JsonArray ?? []).SelectMany(group =>
                (rule?["resources"] as JsonArray ?? []).Select(resource => $"{group}/{resource}")))
            .Order(StringComparer.Ordinal);
        Assert.Equal(s_coveredKinds, covered);
        Assert.All(webhook["rules"] as JsonArray ?? [], rule => Assert.Equal(["CREATE", "UPDATE"], (rule?["operations"] as JsonArray ?? []).Select(item => (string?)item)));
        var selector = Assert.Single(webhook["namespaceSelector"]?["matchExpressions"] as JsonArray ?? []);
        Assert.Equal(SandboxLabels.Tenant, (string?)selector?["key"]);
        Assert.Equal("Exists", (string?)selector?["operator"]);
        Assert.Equal("Fail", (string?)webhook["failurePolicy"]);
        Assert.Equal("None", (string?)webhook["sideEffects"]);
        Assert.Equal("Equivalent", (string?)webhook["matchPolicy"]);
        Assert.Equal(["v1"], (webhook["admissionReviewVersions"] as JsonArray ?? []).Select(item => (string?)item));
        Assert.InRange(Scalars.Number((string?)webhook["timeoutSeconds"], $"{kind} timeoutSeconds"), 1, 5);
    }

    [Fact]
    public void Mutating_webhook_runs_again_when_a_later_webhook_changes_the_object()
    {
        Assert.Equal("IfNeeded", (string?)Webhook("MutatingWebhookConfiguration")["reinvocationPolicy"]);
    }

    [Theory]
    [MemberData(nameof(Webhooks))]
    public void Webhook_reaches_the_warm_admission_pods_on_the_policy_path_over_verified_tls(string kind, string path)
    {
        var configuration = ManifestSet.Named(Admission, kind, "kabin-policy");
        var service = Webhook(kind)["clientConfig"]!["service"]!;
        var name = (string?)service["name"] ?? "";
        var target = ManifestSet.Named("", "Service", name);
        var port = (target.Body["spec"]?["ports"] as JsonArray ?? []).Single(item => (string?)item?["port"] == (string?)service["port"]);
        var https = KnativeServices.Env("kabin-admission", "Kestrel__Endpoints__Https__Url");
        var certificateRef = configuration.Annotation("cert-manager.io/inject-ca-from")?.Split('/') ?? [];
        var certificate = ManifestSet.Named("cert-manager.io", "Certificate", certificateRef.ElementAtOrDefault(1) ?? "(none)");
        var mounted = (KnativeServices.Template("kabin-admission")["spec"]?["volumes"] as JsonArray ?? []).Select(volume => (string?)volume?["secret"]?["secretName"]);

        Assert.Equal(path, (string?)service["path"]);
        Assert.Equal("443", (string?)service["port"]);
        Assert.Equal(target.Namespace, (string?)service["namespace"]);
        Assert.Equal("kabin-admission", (string?)target.Body["spec"]?["selector"]?["serving.knative.dev/service"]);
        Assert.EndsWith($":{port?["targetPort"]}", https, StringComparison.Ordinal);
        Assert.Equal(target.Namespace, certificateRef[0]);
        Assert.Contains($"{name}.{target.Namespace}.svc", (certificate.Body["spec"]?["dnsNames"] as JsonArray ?? []).Select(item => (string?)item));
        Assert.Contains((string?)certificate.Body["spec"]?["secretName"], mounted);
    }
}
