using System.Globalization;
using System.Text.Json.Nodes;

namespace Kabin.Host.Tests.Sandboxes;

/// <summary>
/// The agent-sandbox backend against the local cluster's agent-sandbox controllers: pools become a
/// SandboxTemplate and a SandboxWarmPool, sandboxes SandboxClaims (or Sandboxes of their own), and
/// their status drives Kabin's states through the ApiServerSource.
/// </summary>
public sealed class AgentSandboxBackendTests(AgentSandboxFixture world) : IClassFixture<AgentSandboxFixture>
{
    private const string Ns = "tenant-";

    [Fact]
    public async Task A_tenants_pool_becomes_a_template_and_a_warm_pool_that_agent_sandbox_fills()
    {
        Assert.True((await world.PutTenantAsync("as-pool", [WarmPoolFixture.Pool("py", 2, strategy: "Recreate")])).IsSuccessStatusCode);
        await world.TickAsync();

        var template = world.Cluster.Find(AgentSandboxFixture.Extensions, "SandboxTemplate", Ns + "as-pool", "sbx-pool-py")!;
        var pool = world.Cluster.Find(AgentSandboxFixture.Extensions, "SandboxWarmPool", Ns + "as-pool", "sbx-pool-py")!;
        var podSpec = template["spec"]!["podTemplate"]!["spec"]!;
        Assert.Equal("kata-qemu", podSpec["runtimeClassName"]!.GetValue<string>());
        Assert.Equal("ghcr.io/acme/py:3", podSpec["containers"]![0]!["image"]!.GetValue<string>());
        Assert.Equal("Unmanaged", template["spec"]!["networkPolicyManagement"]!.GetValue<string>());
        Assert.Equal((2, "sbx-pool-py", "Recreate"), (pool["spec"]!["replicas"]!.GetValue<int>(),
            pool["spec"]!["sandboxTemplateRef"]!["name"]!.GetValue<string>(), pool["spec"]!["updateStrategy"]!["type"]!.GetValue<string>()));
        Assert.Equal("kabin", pool["metadata"]!["labels"]!["app.kubernetes.io/managed-by"]!.GetValue<string>());
        var members = await world.ReadyMembersAsync("as-pool", "py", 2);
        // Each member's pod is agent-sandbox's, named after it, in a VM of the pool's class.
        Assert.All(members, member => Assert.Equal("kata-qemu",
            world.Cluster.Find("v1", "Pod", Ns + "as-pool", member["metadata"]!["name"]!.GetValue<string>())!["spec"]!["runtimeClassName"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_claim_on_a_ready_pool_answers_running_with_the_pod_agent_sandbox_bound_and_the_pool_refills()
    {
        Assert.True((await world.PutTenantAsync("as-warm", [WarmPoolFixture.Pool("py", 2)])).IsSuccessStatusCode);
        await world.TickAsync();
        var ready = (await world.ReadyMembersAsync("as-warm", "py", 2)).Select(Name).ToList();

        var (status, sandbox) = await world.RequestAsync("as-warm", new JsonObject { ["name"] = "agent-1", ["pool"] = "py", ["ttlSeconds"] = 600 });

        Assert.Equal((201, "Running"), (status, sandbox["state"]!.GetValue<string>()));
        Assert.Contains(sandbox["podName"]!.GetValue<string>(), ready);
        var claim = world.Cluster.Find(AgentSandboxFixture.Extensions, "SandboxClaim", Ns + "as-warm", "sbx-agent-1")!;
        Assert.Equal("sbx-pool-py", claim["spec"]!["warmPoolRef"]!["name"]!.GetValue<string>());
        Assert.Equal(("as-warm", "agent-1"), (claim["metadata"]!["labels"]!["kabin.dev/tenant"]!.GetValue<string>(), claim["metadata"]!["labels"]!["kabin.dev/sandbox"]!.GetValue<string>()));
        var shutdown = DateTimeOffset.Parse(claim["spec"]!["lifecycle"]!["shutdownTime"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        var expires = DateTimeOffset.Parse(sandbox["expiresAt"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        Assert.InRange(shutdown - expires, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(6));
        Assert.Equal("Running", world.Cluster.Find("v1", "Pod", Ns + "as-warm", sandbox["podName"]!.GetValue<string>())!["status"]!["phase"]!.GetValue<string>());
        // agent-sandbox refills its pool: two unclaimed members are Ready again, the claimed one not among them.
        Assert.DoesNotContain(sandbox["podName"]!.GetValue<string>(), (await world.ReadyMembersAsync("as-warm", "py", 2)).Select(Name));
    }

    [Fact]
    public async Task Twenty_concurrent_claims_against_a_pool_of_twenty_bind_twenty_distinct_sandboxes()
    {
        Assert.True((await world.PutTenantAsync("as-crowd", [WarmPoolFixture.Pool("py", 20)])).IsSuccessStatusCode);
        await world.TickAsync();
        await world.ReadyMembersAsync("as-crowd", "py", 20);

        var claims = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => world.RequestAsync("as-crowd", new JsonObject { ["name"] = $"c-{i}", ["pool"] = "py" })));

        Assert.All(claims, claim => Assert.Equal((201, "Running"), (claim.Status, claim.Body["state"]!.GetValue<string>())));
        Assert.Equal(20, claims.Select(claim => claim.Body["podName"]!.GetValue<string>()).Distinct().Count());
    }

    [Fact]
    public async Task With_the_pool_empty_agent_sandbox_starts_the_claim_cold_and_kabin_follows_it_to_running()
    {
        Assert.True((await world.PutTenantAsync("as-empty", [WarmPoolFixture.Pool("py", 0)])).IsSuccessStatusCode);
        await world.TickAsync();

        var started = System.Diagnostics.Stopwatch.StartNew();
        var (status, _) = await world.RequestAsync("as-empty", new JsonObject { ["name"] = "cold-1", ["pool"] = "py" });
        var (running, _) = await world.UntilAsync("as-empty", "cold-1", s => s["state"]!.GetValue<string>() == "Running");

        Assert.Equal(201, status);
        // The request may wait out the boot within its grace, or answer before: Running never comes sooner than the boot.
        Assert.True(started.Elapsed >= WarmPoolFixture.BootDelay, $"Running after {started.Elapsed.TotalMilliseconds} ms, under the boot");
        // The cold Sandbox is named after the claim, and so is its pod; the record names that pod once the claim is bound.
        Assert.Equal("sbx-cold-1", running["podName"]!.GetValue<string>());
        Assert.NotNull(world.Cluster.Find(AgentSandboxFixture.Core, "Sandbox", Ns + "as-empty", "sbx-cold-1"));
        Assert.Contains(running["history"]!.AsArray(), entry => entry!["reason"]!.GetValue<string>().Contains("SandboxClaim", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_request_no_pool_serves_runs_as_a_sandbox_of_its_own_boots_honestly_and_a_stop_deletes_it()
    {
        Assert.True((await world.PutTenantAsync("as-own", [])).IsSuccessStatusCode);

        var (status, requested) = await world.RequestAsync("as-own", new JsonObject { ["name"] = "own-1", ["image"] = "ghcr.io/acme/tool:1" });
        var (running, took) = await world.UntilAsync("as-own", "own-1", s => s["state"]!.GetValue<string>() == "Running");

        Assert.Equal(201, status);
        Assert.NotEqual("Running", requested["state"]!.GetValue<string>());
        Assert.True(took >= WarmPoolFixture.BootDelay - TimeSpan.FromMilliseconds(100), $"Running after {took.TotalMilliseconds} ms, under the boot");
        var sandbox = world.Cluster.Find(AgentSandboxFixture.Core, "Sandbox", Ns + "as-own", "sbx-own-1")!;
        Assert.Equal("kata-qemu", sandbox["spec"]!["podTemplate"]!["spec"]!["runtimeClassName"]!.GetValue<string>());
        Assert.Equal("own-1", sandbox["metadata"]!["labels"]!["kabin.dev/sandbox"]!.GetValue<string>());
        // Only the Sandbox drives the record: its pod carries the tenant but not the sandbox label.
        var pod = world.Cluster.Find("v1", "Pod", Ns + "as-own", running["podName"]!.GetValue<string>())!;
        Assert.Null(pod["metadata"]!["labels"]!["kabin.dev/sandbox"]);
        Assert.Equal("as-own", pod["metadata"]!["labels"]!["kabin.dev/tenant"]!.GetValue<string>());

        using var stop = await world.Client.DeleteAsync("/tenants/as-own/sandboxes/own-1");
        Assert.True(stop.IsSuccessStatusCode, await stop.Content.ReadAsStringAsync());
        var (deleted, _) = await world.UntilAsync("as-own", "own-1", s => s["state"]!.GetValue<string>() == "Deleted");

        Assert.Equal("Deleted", deleted["state"]!.GetValue<string>());
        Assert.Null(world.Cluster.Find(AgentSandboxFixture.Core, "Sandbox", Ns + "as-own", "sbx-own-1"));
    }

    [Fact]
    public async Task A_removed_pool_loses_its_template_and_warm_pool_and_their_sandboxes()
    {
        Assert.True((await world.PutTenantAsync("as-gone", [WarmPoolFixture.Pool("py", 1)])).IsSuccessStatusCode);
        await world.TickAsync();
        await world.ReadyMembersAsync("as-gone", "py", 1);

        Assert.True((await world.PutTenantAsync("as-gone", [])).IsSuccessStatusCode);
        await world.TickAsync();

        Assert.Null(world.Cluster.Find(AgentSandboxFixture.Extensions, "SandboxWarmPool", Ns + "as-gone", "sbx-pool-py"));
        Assert.Null(world.Cluster.Find(AgentSandboxFixture.Extensions, "SandboxTemplate", Ns + "as-gone", "sbx-pool-py"));
        Assert.Empty(await world.SandboxesAsync("as-gone", "agents.x-k8s.io/warm-pool-sandbox"));
    }

    private static string Name(JsonObject item) => item["metadata"]!["name"]!.GetValue<string>();
}
