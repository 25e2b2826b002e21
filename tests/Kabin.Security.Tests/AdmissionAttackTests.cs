using System.Net;
using System.Text.Json.Nodes;
using Kabin.Adapters.HttpApi.Yaml;
using Kabin.LocalCluster;
using Kabin.Security.Tests.Support;

namespace Kabin.Security.Tests;

/// <summary>
/// Threats at admission, with the local cluster calling the policy function through the shipped
/// webhook configurations: allowing by fault (a tenant-labelled namespace without a record was
/// allowed on ffd1a99) and blocking by fault (metadata-only UPDATEs were judged like CREATEs).
/// </summary>
public sealed class AdmissionAttackTests : IAsyncLifetime
{
    private ClusterWorld _world = null!;

    public async Task InitializeAsync()
    {
        _world = await ClusterWorld.StartAsync();
        var manifests = YamlJsonReader.ReadDocuments(await File.ReadAllTextAsync(Path.Combine(Repository.Root, "knative", "admission-webhooks.yaml")), new YamlLimits(10, 5000, 32));
        foreach (var manifest in manifests.OfType<JsonObject>().Where(m => m["kind"]!.GetValue<string>().EndsWith("WebhookConfiguration", StringComparison.Ordinal)))
        {
            foreach (var webhook in manifest["webhooks"]!.AsArray())
            {
                webhook!["clientConfig"] = new JsonObject { ["url"] = new Uri(_world.Host.BaseAddress, webhook["clientConfig"]!["service"]!["path"]!.GetValue<string>()).ToString() };
            }

            var plural = manifest["kind"]!.GetValue<string>().ToLowerInvariant() + "s";
            var registered = await _world.ClusterAsync(HttpMethod.Post, $"apis/admissionregistration.k8s.io/v1/{plural}", manifest);
            Assert.True(registered.IsSuccessStatusCode, await registered.Content.ReadAsStringAsync());
        }
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task A_privileged_pod_in_a_tenant_labelled_namespace_without_a_record_is_denied()
    {
        await _world.ClusterAsync(HttpMethod.Post, "api/v1/namespaces", new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "Namespace",
            ["metadata"] = new JsonObject { ["name"] = "tenant-ghost", ["labels"] = new JsonObject { ["kabin.dev/tenant"] = "ghost" } },
        });

        var created = await _world.ClusterAsync(HttpMethod.Post, "api/v1/namespaces/tenant-ghost/pods", Pod("root", privileged: true, restricted: false));

        Assert.Equal(HttpStatusCode.Forbidden, created.StatusCode);
        Assert.Contains("no Kabin tenant record", JsonNode.Parse(await created.Content.ReadAsStringAsync())!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(_world.Cluster.Find("v1", "Pod", "tenant-ghost", "root"));
    }

    [Fact]
    public async Task After_a_tenant_is_tightened_its_old_pods_can_still_lose_a_finalizer_and_go()
    {
        Assert.Equal(HttpStatusCode.Created, (await _world.Host.PutJsonAsync("/tenants/acme", Spec("baseline"), KubeApiServerDouble.AdminToken)).StatusCode);
        var pod = Pod("old", privileged: false, restricted: false);
        pod["metadata"]!["finalizers"] = new JsonArray("example.com/cleanup");
        var created = await _world.ClusterAsync(HttpMethod.Post, "api/v1/namespaces/tenant-acme/pods", pod);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await _world.Host.PutJsonAsync("/tenants/acme", Spec("restricted"), KubeApiServerDouble.AdminToken)).StatusCode);

        var anew = await _world.ClusterAsync(HttpMethod.Post, "api/v1/namespaces/tenant-acme/pods", Pod("new", privileged: false, restricted: false));
        var relabelled = await _world.ClusterAsync(HttpMethod.Patch, "api/v1/namespaces/tenant-acme/pods/old",
            new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["draining"] = "yes" }, ["finalizers"] = null } }, "application/merge-patch+json");
        var deleted = await _world.ClusterAsync(HttpMethod.Delete, "api/v1/namespaces/tenant-acme/pods/old");

        Assert.Equal(HttpStatusCode.Forbidden, anew.StatusCode);
        Assert.True(relabelled.StatusCode == HttpStatusCode.OK, await relabelled.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        await Eventually.Async(() => _world.Cluster.Find("v1", "Pod", "tenant-acme", "old") is null);
    }

    [Fact]
    public async Task A_pod_update_that_swaps_the_image_for_one_outside_the_registries_is_denied()
    {
        Assert.Equal(HttpStatusCode.Created, (await _world.Host.PutJsonAsync("/tenants/acme", Spec("restricted"), KubeApiServerDouble.AdminToken)).StatusCode);
        var created = await _world.ClusterAsync(HttpMethod.Post, "api/v1/namespaces/tenant-acme/pods", Pod("web", privileged: false, restricted: true));
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());

        var swapped = await _world.ClusterAsync(HttpMethod.Patch, "api/v1/namespaces/tenant-acme/pods/web",
            new JsonObject { ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = "docker.io/evil/miner:1" }) } },
            "application/strategic-merge-patch+json");

        Assert.Equal(HttpStatusCode.Forbidden, swapped.StatusCode);
        Assert.Equal("ghcr.io/acme/web:1", _world.Cluster.Find("v1", "Pod", "tenant-acme", "web")!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
    }

    private static JsonObject Spec(string level) => new()
    {
        ["owners"] = new JsonArray(new JsonObject { ["kind"] = "User", ["name"] = "alice@acme.example" }),
        ["podSecurity"] = level,
        ["runtimeClasses"] = new JsonArray("kata-qemu"),
        ["registries"] = new JsonArray("ghcr.io/acme/"),
        ["sandboxes"] = new JsonObject { ["max"] = 3, ["maxCpu"] = "2", ["maxMemory"] = "4Gi" },
    };

    private static JsonObject Pod(string name, bool privileged, bool restricted)
    {
        var container = new JsonObject
        {
            ["name"] = "app",
            ["image"] = "ghcr.io/acme/web:1",
            ["resources"] = new JsonObject { ["limits"] = new JsonObject { ["cpu"] = "1", ["memory"] = "1Gi" } },
            ["securityContext"] = privileged ? new JsonObject { ["privileged"] = true }
                : restricted ? new JsonObject { ["allowPrivilegeEscalation"] = false, ["capabilities"] = new JsonObject { ["drop"] = new JsonArray("ALL") } }
                : new JsonObject(),
        };
        var spec = new JsonObject { ["runtimeClassName"] = "kata-qemu", ["containers"] = new JsonArray(container) };
        if (restricted)
        {
            spec["securityContext"] = new JsonObject { ["runAsNonRoot"] = true, ["seccompProfile"] = new JsonObject { ["type"] = "RuntimeDefault" } };
        }

        return new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Pod", ["metadata"] = new JsonObject { ["name"] = name }, ["spec"] = spec };
    }
}
