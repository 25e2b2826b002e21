using System.Text;
using System.Text.Json.Nodes;
using Kabin.LocalCluster.Tests.Support;

namespace Kabin.LocalCluster.Tests;

/// <summary>The server calls the webhooks it stores, as a cluster calls Kabin's: deny, patch, timeouts by failurePolicy, selectors, UPDATE's oldObject, dry run.</summary>
public sealed class AdmissionTests : IAsyncLifetime
{
    private ClusterClient _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = await ClusterClient.StartAsync();
        await _cluster.CreateNamespaceAsync("tenant-acme");
        _cluster.Server.Update("v1", "Namespace", null, "tenant-acme", ns => ns["metadata"]!["labels"]!["kabin.dev/tenant"] = "acme");
        await _cluster.CreateNamespaceAsync("platform");
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_validating_webhook_denial_is_the_answer_with_its_message()
    {
        await using var webhook = await WebhookServer.StartAsync(_ => Task.FromResult(Deny("runtimeClassName must be a VM class")));
        await RegisterAsync("ValidatingWebhookConfiguration", webhook.Url, "Fail");

        var status = await ClusterClient.StatusAsync(await _cluster.CreateAsync("api/v1/namespaces/tenant-acme/pods", ClusterClient.Pod("tenant-acme", "p")), 403);

        Assert.Equal("admission webhook \"check.kabin.dev\" denied the request: runtimeClassName must be a VM class", status["message"]!.GetValue<string>());
        Assert.Null(_cluster.Server.Find("v1", "Pod", "tenant-acme", "p"));
        var review = Assert.Single(webhook.Reviews);
        Assert.Equal(("CREATE", "tenant-acme", false), (review["operation"]!.GetValue<string>(), review["namespace"]!.GetValue<string>(), review["dryRun"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task A_mutating_webhooks_patch_is_stored_and_the_validator_sees_it()
    {
        await using var mutator = await WebhookServer.StartAsync(_ => Task.FromResult(Patch("""[{"op":"add","path":"/metadata/labels/mutated","value":"yes"}]""")));
        await using var validator = await WebhookServer.StartAsync(_ => Task.FromResult(Allow()));
        await RegisterAsync("MutatingWebhookConfiguration", mutator.Url, "Fail");
        await RegisterAsync("ValidatingWebhookConfiguration", validator.Url, "Fail");

        await ClusterClient.SucceedAsync(await _cluster.CreateAsync("api/v1/namespaces/tenant-acme/pods", ClusterClient.Pod("tenant-acme", "p")));

        Assert.Equal("yes", _cluster.Server.Find("v1", "Pod", "tenant-acme", "p")!["metadata"]!["labels"]!["mutated"]!.GetValue<string>());
        Assert.Equal("yes", Assert.Single(validator.Reviews)["object"]!["metadata"]!["labels"]!["mutated"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("Fail", 500)]
    [InlineData("Ignore", 201)]
    public async Task A_webhook_that_does_not_answer_in_time_follows_its_failure_policy(string policy, int expected)
    {
        await using var slow = await WebhookServer.StartAsync(async _ =>
        {
            await Task.Delay(TimeSpan.FromSeconds(2.5));
            return Allow();
        });
        await RegisterAsync("ValidatingWebhookConfiguration", slow.Url, policy, timeoutSeconds: 1);

        var response = await _cluster.CreateAsync("api/v1/namespaces/tenant-acme/pods", ClusterClient.Pod("tenant-acme", "p"));

        var body = await ClusterClient.StatusAsync(response, expected);
        if (expected == 500)
        {
            Assert.StartsWith("Internal error occurred: failed calling webhook \"check.kabin.dev\"", body["message"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        Assert.Equal(expected == 201, _cluster.Server.Find("v1", "Pod", "tenant-acme", "p") is not null);
    }

    [Fact]
    public async Task The_namespace_selector_keeps_the_webhook_away_from_other_namespaces()
    {
        await using var webhook = await WebhookServer.StartAsync(_ => Task.FromResult(Deny("no")));
        await RegisterAsync("ValidatingWebhookConfiguration", webhook.Url, "Fail");

        await ClusterClient.SucceedAsync(await _cluster.CreateAsync("api/v1/namespaces/platform/pods", ClusterClient.Pod("platform", "p")));

        Assert.Empty(webhook.Reviews);
    }

    [Fact]
    public async Task An_update_carries_the_old_object_and_dry_run_is_told()
    {
        await using var webhook = await WebhookServer.StartAsync(_ => Task.FromResult(Allow()));
        await ClusterClient.SucceedAsync(await _cluster.CreateAsync("api/v1/namespaces/tenant-acme/pods", ClusterClient.Pod("tenant-acme", "p")));
        await RegisterAsync("ValidatingWebhookConfiguration", webhook.Url, "Fail", operations: ["CREATE", "UPDATE"]);

        await ClusterClient.SucceedAsync(await _cluster.PatchAsync("api/v1/namespaces/tenant-acme/pods/p?dryRun=All", "application/merge-patch+json", """{"metadata":{"labels":{"app":"changed"}}}"""));

        var review = Assert.Single(webhook.Reviews);
        Assert.Equal("UPDATE", review["operation"]!.GetValue<string>());
        Assert.True(review["dryRun"]!.GetValue<bool>());
        Assert.Equal("test", review["oldObject"]!["metadata"]!["labels"]!["app"]!.GetValue<string>());
        Assert.Equal("changed", review["object"]!["metadata"]!["labels"]!["app"]!.GetValue<string>());
        Assert.Equal("test", _cluster.Server.Find("v1", "Pod", "tenant-acme", "p")!["metadata"]!["labels"]!["app"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_webhook_asking_for_reinvocation_is_called_again_after_a_later_patch()
    {
        var calls = 0;
        await using var first = await WebhookServer.StartAsync(_ =>
        {
            Interlocked.Increment(ref calls);
            return Task.FromResult(Allow());
        });
        await using var second = await WebhookServer.StartAsync(_ => Task.FromResult(Patch("""[{"op":"add","path":"/metadata/labels/late","value":"yes"}]""")));
        var configuration = new JsonObject
        {
            ["apiVersion"] = "admissionregistration.k8s.io/v1",
            ["kind"] = "MutatingWebhookConfiguration",
            ["metadata"] = new JsonObject { ["name"] = "two" },
            ["webhooks"] = new JsonArray(Webhook("first.kabin.dev", first.Url, "IfNeeded"), Webhook("second.kabin.dev", second.Url, "Never")),
        };
        await ClusterClient.SucceedAsync(await _cluster.CreateAsync("apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations", configuration));

        await ClusterClient.SucceedAsync(await _cluster.CreateAsync("api/v1/namespaces/tenant-acme/pods", ClusterClient.Pod("tenant-acme", "p")));

        Assert.Equal(2, calls);
        Assert.Equal("yes", first.Reviews.Last()["object"]!["metadata"]!["labels"]!["late"]!.GetValue<string>());
    }

    private static JsonObject Webhook(string name, Uri url, string reinvocation) => new()
    {
        ["name"] = name,
        ["clientConfig"] = new JsonObject { ["url"] = url.ToString() },
        ["rules"] = new JsonArray(new JsonObject
        {
            ["operations"] = new JsonArray("CREATE"), ["apiGroups"] = new JsonArray(""), ["apiVersions"] = new JsonArray("v1"), ["resources"] = new JsonArray("pods"),
        }),
        ["reinvocationPolicy"] = reinvocation,
        ["sideEffects"] = "None",
        ["admissionReviewVersions"] = new JsonArray("v1"),
    };

    private async Task RegisterAsync(string kind, Uri url, string failurePolicy, int timeoutSeconds = 5, string[]? operations = null)
    {
        var plural = kind.ToLowerInvariant() + "s";
        var webhook = new JsonObject
        {
            ["name"] = "check.kabin.dev",
            ["clientConfig"] = new JsonObject { ["url"] = url.ToString() },
            ["rules"] = new JsonArray(new JsonObject
            {
                ["operations"] = new JsonArray([.. (operations ?? ["CREATE"]).Select(o => (JsonNode)o)]),
                ["apiGroups"] = new JsonArray(""), ["apiVersions"] = new JsonArray("v1"), ["resources"] = new JsonArray("pods"), ["scope"] = "Namespaced",
            }),
            ["namespaceSelector"] = new JsonObject { ["matchExpressions"] = new JsonArray(new JsonObject { ["key"] = "kabin.dev/tenant", ["operator"] = "Exists" }) },
            ["failurePolicy"] = failurePolicy,
            ["timeoutSeconds"] = timeoutSeconds,
            ["sideEffects"] = "None",
            ["admissionReviewVersions"] = new JsonArray("v1"),
        };
        var configuration = new JsonObject
        {
            ["apiVersion"] = "admissionregistration.k8s.io/v1",
            ["kind"] = kind,
            ["metadata"] = new JsonObject { ["name"] = "kabin-" + plural },
            ["webhooks"] = new JsonArray(webhook),
        };
        await ClusterClient.SucceedAsync(await _cluster.CreateAsync($"apis/admissionregistration.k8s.io/v1/{plural}", configuration));
    }

    private static JsonObject Allow() => new() { ["allowed"] = true };

    private static JsonObject Deny(string message) => new() { ["allowed"] = false, ["status"] = new JsonObject { ["code"] = 403, ["message"] = message } };

    private static JsonObject Patch(string jsonPatch) => new()
    {
        ["allowed"] = true,
        ["patchType"] = "JSONPatch",
        ["patch"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(jsonPatch)),
    };
}
