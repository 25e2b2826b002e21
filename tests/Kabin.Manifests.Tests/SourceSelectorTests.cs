using System.Text.Json.Nodes;
using Kabin.Manifests.Tests.Support;
using Kabin.Sandboxes;

namespace Kabin.Manifests.Tests;

/// <summary>The sources watch what the code labels: tenant namespaces and sandbox pods.</summary>
public sealed class SourceSelectorTests
{
    [Fact]
    public void Api_server_sources_watch_tenant_namespaces_only()
    {
        var sources = ManifestSet.OfKind("sources.knative.dev", "ApiServerSource").ToList();

        Assert.NotEmpty(sources);
        Assert.All(sources, source =>
        {
            Assert.Equal("Resource", (string?)source.Body["spec"]?["mode"]);
            var expression = Assert.Single(source.Body["spec"]?["namespaceSelector"]?["matchExpressions"] as JsonArray ?? []);
            Assert.Equal(SandboxLabels.Tenant, (string?)expression?["key"]);
            Assert.Equal("Exists", (string?)expression?["operator"]);
        });
    }

    [Fact]
    public void Sandbox_source_watches_the_pods_the_sandbox_function_labels()
    {
        var source = ManifestSet.Named("sources.knative.dev", "ApiServerSource", "kabin-sandbox-pods");

        var resource = Assert.Single(source.Body["spec"]?["resources"] as JsonArray ?? []);

        Assert.Equal("Pod", (string?)resource?["kind"]);
        var expression = Assert.Single(resource?["selector"]?["matchExpressions"] as JsonArray ?? []);
        Assert.Equal(SandboxLabels.Sandbox, (string?)expression?["key"]);
        Assert.Equal("Exists", (string?)expression?["operator"]);
    }

    private static readonly string[] s_auditSources = ["kabin-policy-audit", "kabin-policy-audit-agent-sandbox"];

    [Fact]
    public void Audit_source_watches_every_kind_the_webhooks_check()
    {
        // The agent-sandbox kinds are audited by a source of their own (eventing/features), applied where agent-sandbox runs.
        var sources = s_auditSources.Select(name => ManifestSet.Named("sources.knative.dev", "ApiServerSource", name));
        var webhook = ManifestSet.Named("admissionregistration.k8s.io", "ValidatingWebhookConfiguration", "kabin-policy");

        var watched = sources.SelectMany(source => source.Body["spec"]?["resources"] as JsonArray ?? [])
            .Select(resource => ((string?)resource?["apiVersion"] ?? "").Split('/') is [var group, _] ? $"{group}/{resource?["kind"]}" : $"/{resource?["kind"]}")
            .Order(StringComparer.Ordinal);
        var checkedKinds = (webhook.Body["webhooks"]?[0]?["rules"] as JsonArray ?? [])
            .SelectMany(rule => (rule?["apiGroups"] as JsonArray ?? []).SelectMany(group =>
                (rule?["resources"] as JsonArray ?? []).Select(resource => $"{group}/{Kinds.FromResource((string?)resource ?? "")}")))
            .Order(StringComparer.Ordinal);

        Assert.Equal(checkedKinds, watched);
    }
}
