using System.Net;
using System.Text.Json.Nodes;

namespace Kabin.Host.Tests.Sandboxes;

/// <summary>Warm pools against the local cluster: members booted ahead, claimed Running, refilled, kept up.</summary>
public sealed class WarmPoolTests(WarmPoolFixture world) : IClassFixture<WarmPoolFixture>
{
    [Fact]
    public async Task A_claim_from_a_ready_pool_answers_running_at_once_and_the_pool_is_refilled()
    {
        Assert.True((await world.PutTenantAsync("warm", [WarmPoolFixture.Pool("py", 2)])).IsSuccessStatusCode);
        await world.TickAsync();
        var ready = await world.RunningMembersAsync("warm", "py", 2);

        var (status, sandbox) = await world.RequestAsync("warm", new JsonObject { ["name"] = "agent-1", ["pool"] = "py" });
        var (_, matched) = await world.RequestAsync("warm", new JsonObject { ["name"] = "agent-2", ["image"] = "ghcr.io/acme/py:3", ["cpu"] = "500m", ["memory"] = "512Mi" });

        Assert.Equal(201, status);
        Assert.Equal("Running", sandbox["state"]!.GetValue<string>());
        Assert.Equal("Running", matched["state"]!.GetValue<string>());
        Assert.Contains(sandbox["podName"]!.GetValue<string>(), ready.Select(pod => pod["metadata"]!["name"]!.GetValue<string>()));
        var pod = world.Cluster.Find("v1", "Pod", "tenant-warm", sandbox["podName"]!.GetValue<string>())!;
        Assert.Equal(("agent-1", "py"), (pod["metadata"]!["labels"]!["kabin.dev/sandbox"]!.GetValue<string>(), pod["metadata"]!["labels"]!["kabin.dev/claimed-from-pool"]!.GetValue<string>()));
        Assert.Null(pod["metadata"]!["labels"]!["kabin.dev/pool"]);
        Assert.True(pod["spec"]!["activeDeadlineSeconds"]!.GetValue<long>() >= 3600);
        // Two claimed, two new members started at once (not at the next tick), both Running after their boot.
        Assert.Equal(2, (await world.RunningMembersAsync("warm", "py", 2)).Count);
    }

    [Fact]
    public async Task Twenty_concurrent_claims_against_a_pool_of_twenty_bind_twenty_distinct_members()
    {
        Assert.True((await world.PutTenantAsync("crowd", [WarmPoolFixture.Pool("py", 20)])).IsSuccessStatusCode);
        await world.TickAsync();
        await world.RunningMembersAsync("crowd", "py", 20);

        var claims = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => world.RequestAsync("crowd", new JsonObject { ["name"] = $"c-{i}", ["pool"] = "py" })));

        Assert.All(claims, claim => Assert.Equal((201, "Running"), (claim.Status, claim.Body["state"]!.GetValue<string>())));
        Assert.Equal(20, claims.Select(claim => claim.Body["podName"]!.GetValue<string>()).Distinct().Count());
    }

    [Fact]
    public async Task With_the_pool_empty_a_claim_falls_back_to_a_cold_sandbox()
    {
        Assert.True((await world.PutTenantAsync("empty", [WarmPoolFixture.Pool("py", 0)])).IsSuccessStatusCode);
        await world.TickAsync();

        var (status, cold) = await world.RequestAsync("empty", new JsonObject { ["name"] = "cold-1", ["pool"] = "py" });

        Assert.Equal(201, status);
        Assert.NotEqual("Running", cold["state"]!.GetValue<string>());
        Assert.Equal("sbx-cold-1", cold["podName"]!.GetValue<string>());
    }

    [Fact]
    public async Task Recreate_replaces_unclaimed_members_of_an_old_template_and_on_replenish_keeps_them_until_claimed()
    {
        Assert.True((await world.PutTenantAsync("tmpl", [WarmPoolFixture.Pool("re", 2, strategy: "Recreate"), WarmPoolFixture.Pool("on", 2)])).IsSuccessStatusCode);
        await world.TickAsync();
        var oldRecreate = (await world.RunningMembersAsync("tmpl", "re", 2)).Select(Name).ToHashSet();
        var oldReplenish = (await world.RunningMembersAsync("tmpl", "on", 2)).Select(Name).ToHashSet();

        Assert.True((await world.PutTenantAsync("tmpl", [WarmPoolFixture.Pool("re", 2, "ghcr.io/acme/py:4", "Recreate"), WarmPoolFixture.Pool("on", 2, "ghcr.io/acme/py:4")])).IsSuccessStatusCode);
        await world.TickAsync();
        var recreated = await world.RunningMembersAsync("tmpl", "re", 2);
        var replenish = await world.MembersAsync("tmpl", "on");
        var (_, claimed) = await world.RequestAsync("tmpl", new JsonObject { ["name"] = "old-one", ["pool"] = "on" });
        var (_, exact) = await world.RequestAsync("tmpl", new JsonObject { ["name"] = "new-one", ["image"] = "ghcr.io/acme/py:4", ["cpu"] = "500m", ["memory"] = "512Mi" });

        Assert.Empty(recreated.Select(Name).Intersect(oldRecreate));
        Assert.All(recreated, pod => Assert.Equal("ghcr.io/acme/py:4", pod["spec"]!["containers"]![0]!["image"]!.GetValue<string>()));
        Assert.Equal(oldReplenish, replenish.Select(Name).ToHashSet());
        Assert.Contains(claimed["podName"]!.GetValue<string>(), oldReplenish);
        Assert.Equal("ghcr.io/acme/py:3", claimed["image"]!.GetValue<string>());
        // The claim's refill is of the new template; a request for exactly that waits out its boot (within the grace) and gets it.
        Assert.Equal("Running", exact["state"]!.GetValue<string>());
        Assert.Equal("ghcr.io/acme/py:4", world.Cluster.Find("v1", "Pod", "tenant-tmpl", exact["podName"]!.GetValue<string>())!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
    }

    [Fact]
    public async Task Pools_that_would_exceed_the_quota_are_refused_and_a_removed_pool_loses_its_members()
    {
        using var refused = await world.PutTenantAsync("tight", [WarmPoolFixture.Pool("py", 10)], cpu: "4", memory: "8Gi");
        Assert.True((await world.PutTenantAsync("shrink", [WarmPoolFixture.Pool("py", 2)])).IsSuccessStatusCode);
        await world.TickAsync();
        await world.RunningMembersAsync("shrink", "py", 2);
        Assert.True((await world.PutTenantAsync("shrink", [])).IsSuccessStatusCode);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("warmPools", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await world.MembersAsync("shrink", "py"));
    }

    [Fact]
    public async Task A_request_naming_an_unknown_pool_or_other_fields_than_its_pool_is_refused_and_its_size_written_another_way_is_its_size()
    {
        Assert.True((await world.PutTenantAsync("names", [WarmPoolFixture.Pool("py", 0)])).IsSuccessStatusCode);

        var (unknown, unknownBody) = await world.RequestAsync("names", new JsonObject { ["name"] = "x", ["pool"] = "nope" });
        var (mismatch, _) = await world.RequestAsync("names", new JsonObject { ["name"] = "y", ["pool"] = "py", ["image"] = "ghcr.io/acme/other:1" });
        var (bigger, _) = await world.RequestAsync("names", new JsonObject { ["name"] = "z", ["pool"] = "py", ["cpu"] = "1" });
        // The pool's 500m and 512Mi, written another way, are its size: the request is served by it (cold here, the pool is empty).
        var (sameSize, sameBody) = await world.RequestAsync("names", new JsonObject { ["name"] = "w", ["pool"] = "py", ["cpu"] = "0.5", ["memory"] = "536870912" });

        Assert.Equal((422, 422, 422), (unknown, mismatch, bigger));
        Assert.Equal(201, sameSize);
        Assert.Equal(("500m", "512Mi"), (sameBody["cpu"]!.GetValue<string>(), sameBody["memory"]!.GetValue<string>()));
        Assert.Contains("sandbox/unknown-pool", unknownBody.ToJsonString(), StringComparison.Ordinal);
    }

    private static string Name(JsonObject pod) => pod["metadata"]!["name"]!.GetValue<string>();
}
