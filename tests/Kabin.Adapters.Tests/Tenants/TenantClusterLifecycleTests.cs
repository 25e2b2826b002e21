using System.Text.Json.Nodes;
using Kabin.Adapters.Kubernetes;
using Kabin.Cluster;
using Kabin.Tenants;
using Microsoft.Extensions.Options;

namespace Kabin.Adapters.Tests.Tenants;

/// <summary>The tenant function and the cluster adapter against the local cluster's deletion semantics: terminating namespaces, finalizers, owner GC, paged lists.</summary>
public sealed class TenantClusterLifecycleTests
{
    [Fact]
    public async Task Recreating_a_tenant_while_its_old_namespace_terminates_is_retried_until_it_is_gone()
    {
        await using var fixture = await TenantClusterFixture.StartAsync();
        await fixture.SendAsync(TenantEventTypes.Created, TenantClusterFixture.AcmeSpec);
        fixture.Server.Seed(HeldPod("tenant-acme", "web-0"));
        await fixture.SendAsync(TenantEventTypes.Deleted, """{ "name": "acme" }""");
        fixture.Time.Advance(TimeSpan.FromSeconds(1));

        var whileTerminating = await Assert.ThrowsAsync<TransientFailureException>(() => fixture.SendAsync(TenantEventTypes.Created, TenantClusterFixture.AcmeSpec));
        Assert.True(fixture.Server.Update("v1", "Pod", "tenant-acme", "web-0", pod => pod["metadata"]!.AsObject().Remove("finalizers")));
        var (reply, _) = await fixture.SendAsync(TenantEventTypes.Created, TenantClusterFixture.AcmeSpec);

        Assert.Contains("being terminated", whileTerminating.Message, StringComparison.Ordinal);
        Assert.Equal(TenantEventTypes.Provisioned, reply.Type);
        Assert.Equal("Active", fixture.Server.Find("v1", "Namespace", null, "tenant-acme")!["status"]!["phase"]!.GetValue<string>());
        Assert.NotNull(fixture.Server.Find("v1", "ResourceQuota", "tenant-acme", "kabin-quota"));
    }

    [Fact]
    public async Task A_deleted_tenants_namespace_waits_for_a_finalizer_then_goes()
    {
        await using var fixture = await TenantClusterFixture.StartAsync();
        await fixture.SendAsync(TenantEventTypes.Created, TenantClusterFixture.AcmeSpec);
        fixture.Server.Seed(HeldPod("tenant-acme", "web-0"));

        var (reply, _) = await fixture.SendAsync(TenantEventTypes.Deleted, """{ "name": "acme" }""");
        var during = fixture.Server.Find("v1", "Namespace", null, "tenant-acme");
        var podDuring = fixture.Server.Find("v1", "Pod", "tenant-acme", "web-0");
        fixture.Server.Update("v1", "Pod", "tenant-acme", "web-0", pod => pod["metadata"]!.AsObject().Remove("finalizers"));

        Assert.Equal(TenantEventTypes.Deprovisioned, reply.Type);
        Assert.Equal("Terminating", during!["status"]!["phase"]!.GetValue<string>());
        Assert.NotNull(podDuring!["metadata"]!["deletionTimestamp"]);
        Assert.Null(fixture.Server.Find("v1", "Namespace", null, "tenant-acme"));
    }

    [Fact]
    public async Task Deleting_an_owner_through_the_adapter_collects_its_dependents()
    {
        await using var fixture = await TenantClusterFixture.StartAsync();
        await fixture.SendAsync(TenantEventTypes.Created, TenantClusterFixture.AcmeSpec);
        var owner = await fixture.Cluster.ApplyAsync(ServiceAccount("pool-owner"), CancellationToken.None);
        var reference = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ServiceAccount", ["name"] = "pool-owner", ["uid"] = owner["metadata"]!["uid"]!.GetValue<string>() };
        var pod = HeldPod("tenant-acme", "member-1");
        pod["metadata"]!.AsObject().Remove("finalizers");
        pod["metadata"]!["ownerReferences"] = new JsonArray(reference);
        await fixture.Cluster.ApplyAsync(pod, CancellationToken.None);

        await fixture.Cluster.DeleteAsync(new ResourceRef("v1", "ServiceAccount", "tenant-acme", "pool-owner"), null, CancellationToken.None);

        Assert.Null(fixture.Server.Find("v1", "Pod", "tenant-acme", "member-1"));
    }

    [Fact]
    public async Task The_adapter_reads_a_long_list_page_by_page()
    {
        await using var fixture = await TenantClusterFixture.StartAsync();
        await fixture.SendAsync(TenantEventTypes.Created, TenantClusterFixture.AcmeSpec);
        foreach (var name in new[] { "s-1", "s-2", "s-3", "s-4", "s-5" })
        {
            var pod = HeldPod("tenant-acme", name);
            pod["metadata"]!.AsObject().Remove("finalizers");
            fixture.Server.Seed(pod);
        }

        using var connection = ApiServerConnection.Create(new k8s.KubernetesClientConfiguration { Host = fixture.Server.BaseAddress.ToString() });
        var paged = new KubernetesClusterClient(connection, Options.Create(new KubernetesClusterOptions { ListPageSize = 2 }));
        fixture.Server.ClearRequests();

        var pods = await paged.ListAsync("v1", "Pod", "tenant-acme", "kabin.dev/tenant=acme", CancellationToken.None);

        Assert.Equal(["s-1", "s-2", "s-3", "s-4", "s-5"], pods.Select(p => p["metadata"]!["name"]!.GetValue<string>()));
        Assert.All(pods, p => Assert.Equal("Pod", p["kind"]!.GetValue<string>()));
        var requests = fixture.Server.Requests;
        Assert.Equal(3, requests.Count);
        Assert.All(requests, r => Assert.Equal("2", r.QueryValue("limit")));
        Assert.Equal([false, true, true], requests.Select(r => r.QueryValue("continue") is not null));
    }

    private static JsonObject HeldPod(string namespaceName, string name) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = new JsonObject
        {
            ["name"] = name, ["namespace"] = namespaceName,
            ["labels"] = new JsonObject { ["kabin.dev/tenant"] = "acme" },
            ["finalizers"] = new JsonArray("example.com/hold"),
        },
        ["spec"] = new JsonObject { ["runtimeClassName"] = "kata-clh", ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = "ghcr.io/acme/web:1" }) },
    };

    private static JsonObject ServiceAccount(string name) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ServiceAccount",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "tenant-acme" },
    };
}
