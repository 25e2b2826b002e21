using CloudNative.CloudEvents;
using Kabin.Sandboxes;

namespace Kabin.Core.Tests.Sandboxes;

public sealed class SandboxConcurrentRequestsTests : IDisposable
{
    private const int Max = 10;
    private readonly SandboxFixture _fixture = new(wrapStore: inner => new YieldingStateStore(inner));

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Two_hundred_concurrent_requests_some_duplicated_create_exactly_the_maximum_and_reject_the_rest()
    {
        await _fixture.AddTenantAsync(SandboxFixture.Tenant("acme", max: Max));
        // 150 distinct names; 50 of them are requested a second time, half with the same event id (a redelivery).
        var requests = Enumerable.Range(0, 150).Select(i => SandboxFixture.Request("acme", $"box-{i:000}", id: $"req-{i}"))
            .Concat(Enumerable.Range(0, 50).Select(i => SandboxFixture.Request("acme", $"box-{i * 3:000}", id: i % 2 == 0 ? $"req-{i * 3}" : null)))
            .ToArray();
        Assert.Equal(200, requests.Length);

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var deliveries = requests.Select(async request =>
        {
            await start.Task;
            return await DeliverAsync(request);
        }).ToArray();
        start.SetResult();
        var replies = await Task.WhenAll(deliveries);

        var createdNames = replies.Where(reply => reply.Type == SandboxEventTypes.Created).Select(NameOf).ToHashSet();
        Assert.Equal(Max, createdNames.Count);
        Assert.All(replies, reply => Assert.Contains(reply.Type, new[] { SandboxEventTypes.Created, SandboxEventTypes.Rejected }));
        Assert.All(replies.Where(reply => reply.Type == SandboxEventTypes.Rejected), reply =>
        {
            Assert.DoesNotContain(NameOf(reply), createdNames);
            Assert.Equal("sandbox/max-count", Assert.Single(SandboxFixture.DataOf(reply).Reasons!).Rule);
        });
        var indexed = await _fixture.IndexedAsync("acme");
        Assert.Equal(createdNames.Order(), indexed.Order());
        var pods = await _fixture.Cluster.ListAsync("v1", "Pod", "tenant-acme", SandboxLabels.Tenant + "=acme", CancellationToken.None);
        Assert.Equal(createdNames.Select(name => "sbx-" + name).Order(), pods.Select(pod => pod["metadata"]!["name"]!.GetValue<string>()).Order());
        foreach (var name in Enumerable.Range(0, 150).Select(i => $"box-{i:000}"))
        {
            var record = await _fixture.RecordAsync("acme", name);
            if (createdNames.Contains(name))
            {
                Assert.Equal([SandboxState.Requested, SandboxState.Creating], record!.History.Select(entry => entry.State));
            }
            else
            {
                Assert.Null(record);
            }
        }
    }

    /// <summary>Delivers as Knative does: a 5xx or 409 answer is delivered again after a backoff.</summary>
    private async Task<CloudEvent> DeliverAsync(CloudEvent request)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var result = await _fixture.SendAsync(request);
                return result.Reply ?? throw new InvalidOperationException("A sandbox request always has a reply.");
            }
            catch (KabinException e) when (e is TransientFailureException or ConflictException && attempt < 20)
            {
                // Knative's redelivery backoff.
                await Task.Delay(TimeSpan.FromMilliseconds(10 * (attempt + 1)));
            }
        }
    }

    private static string NameOf(CloudEvent reply) => reply.Subject!.Split('/')[1];
}
