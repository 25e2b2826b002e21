using System.Text.Json.Nodes;
using Kabin.Sandboxes;
using Kabin.State;

namespace Kabin.Core.Tests.Sandboxes;

/// <summary>Puts a sandbox straight into a given state, as earlier events would have left it.</summary>
internal static class SandboxSeed
{
    public static async Task<SandboxRecord> SandboxAsync(
        this SandboxFixture fixture, string tenant, string name, SandboxState state, TimeSpan? expiresIn = null)
    {
        var now = fixture.Time.GetUtcNow();
        var expiresAt = now + (expiresIn ?? TimeSpan.FromHours(1));
        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = "sbx-" + name, ["namespace"] = "tenant-" + tenant },
        };
        var record = new SandboxRecord
        {
            Tenant = tenant,
            Name = name,
            Namespace = "tenant-" + tenant,
            PodName = "sbx-" + name,
            State = state,
            Image = "ghcr.io/acme/runner:1",
            RuntimeClass = "kata-qemu",
            Cpu = "1",
            Memory = "1Gi",
            TtlSeconds = 3600,
            CreatedAt = now,
            ExpiresAt = expiresAt,
            Pod = pod,
            History = [new SandboxHistoryEntry(state, now, "seeded")],
        };
        var none = CancellationToken.None;
        await fixture.Store.SaveAsync(SandboxStateKeys.Record(tenant, name), record, SandboxJsonContext.Default.SandboxRecord, none);
        if (!SandboxTransitions.IsTerminal(state))
        {
            var index = await fixture.Store.GetAsync(SandboxStateKeys.Index(tenant), SandboxJsonContext.Default.SandboxIndex, none);
            await fixture.Store.SaveAsync(SandboxStateKeys.Index(tenant),
                new SandboxIndex([.. index!.Value.Sandboxes, new SandboxIndexEntry(name, expiresAt)]),
                SandboxJsonContext.Default.SandboxIndex, none);
        }

        if (state is not (SandboxState.Requested or SandboxState.Deleted or SandboxState.Expired))
        {
            await fixture.Cluster.ApplyAsync(pod, none);
        }

        return record;
    }
}
