using System.Text.Json.Nodes;
using Kabin.Cluster;
using Kabin.Sandboxes;

namespace Kabin.Core.Tests.Sandboxes;

/// <summary>One tenant's broken data or failing calls never stop the reaping of the others.</summary>
public sealed class SandboxTickIsolationTests : IDisposable
{
    private readonly FailingDeletes _deletes = new();
    private readonly SandboxFixture _fixture;

    public SandboxTickIsolationTests()
    {
        _fixture = new SandboxFixture(wrapCluster: plan => _deletes.Over(plan));
    }

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task A_corrupt_record_and_a_failing_delete_leave_every_other_sandbox_expired_and_are_retried()
    {
        foreach (var tenant in new[] { "aaa", "bbb", "ccc" })
        {
            await _fixture.AddTenantAsync(SandboxFixture.Tenant(tenant));
            await _fixture.SendAsync(SandboxFixture.Request(tenant, "one", data => data["ttlSeconds"] = 60));
            await _fixture.SendAsync(SandboxFixture.Request(tenant, "two", data => data["ttlSeconds"] = 60));
        }

        await _fixture.Store.SaveAsync(SandboxStateKeys.Record("aaa", "one"), """{"state":[],"ttlSeconds":"soon"}"""u8.ToArray(), CancellationToken.None);
        _deletes.Failing = "sbx-one";
        _fixture.Time.Advance(TimeSpan.FromMinutes(2));

        var first = await _fixture.SendAsync(SandboxFixture.Tick());
        _deletes.Failing = null;
        var second = await _fixture.SendAsync(SandboxFixture.Tick());

        var expired = new[] { first.Reply! }.Concat(first.Published).Select(e => e.Subject).Order();
        Assert.Equal(["aaa/two", "bbb/two", "ccc/two"], expired);
        Assert.Equal(["bbb/one", "ccc/one"], new[] { second.Reply! }.Concat(second.Published).Select(e => e.Subject).Order());
        Assert.Equal(["one"], await _fixture.IndexedAsync("aaa"));
    }

    /// <summary>A cluster whose deletes of one pod name fail, over the plan client.</summary>
    private sealed class FailingDeletes
    {
        public string? Failing { get; set; }

        public IClusterClient Over(PlanClusterClient plan) => new Client(plan, this);

        private sealed class Client(PlanClusterClient plan, FailingDeletes owner) : IClusterClient
        {
            public ClusterMode Mode => plan.Mode;

            public Task<JsonObject> ApplyAsync(JsonObject manifest, CancellationToken cancellationToken) => plan.ApplyAsync(manifest, cancellationToken);

            public Task<JsonObject?> GetAsync(ResourceRef resource, CancellationToken cancellationToken) => plan.GetAsync(resource, cancellationToken);

            public Task<IReadOnlyList<JsonObject>> ListAsync(string apiVersion, string kind, string? namespaceName, string labelSelector, CancellationToken cancellationToken) =>
                plan.ListAsync(apiVersion, kind, namespaceName, labelSelector, cancellationToken);

            public Task<System.Text.Json.Nodes.JsonObject?> PatchAsync(ResourceRef resource, System.Text.Json.Nodes.JsonObject mergePatch, CancellationToken cancellationToken) =>
                plan.PatchAsync(resource, mergePatch, cancellationToken);

            public Task<bool> DeleteAsync(ResourceRef resource, TimeSpan? gracePeriod, CancellationToken cancellationToken) =>
                resource.Name == owner.Failing
                    ? throw new TransientFailureException($"DELETE {resource}: injected failure")
                    : plan.DeleteAsync(resource, gracePeriod, cancellationToken);
        }
    }
}
