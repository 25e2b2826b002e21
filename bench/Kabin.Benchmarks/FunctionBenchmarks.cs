using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using CloudNative.CloudEvents;
using Kabin.Policy;
using Kabin.Tenants;

namespace Kabin.Benchmarks;

/// <summary>
/// The functions' handlers in process, without HTTP: a policy-check CloudEvent and an
/// AdmissionReview against the cached tenant directory, and a plan-mode <c>tenant.created</c> of
/// a new tenant each time (validation, 10+ planned manifests, four SQLite writes).
/// </summary>
[MemoryDiagnoser]
public class FunctionBenchmarks : IDisposable
{
    private BenchFixture _fixture = null!;
    private CloudEvent _check = null!;
    private byte[] _review = null!;
    private JsonObject _tenantSpec = null!;
    private int _tenantCount;

    [GlobalSetup]
    public void Setup()
    {
        _fixture = new BenchFixture();
        _check = BenchFixture.Event(PolicyEventTypes.CheckRequested, BenchData.Read("check.json"));
        _review = BenchData.Read("admission-review.json");
        _tenantSpec = BenchData.Parse("tenant.json");
    }

    [Benchmark]
    public async Task<CloudEvent?> PolicyCheckEvent() =>
        (await _fixture.Policy.HandleAsync(_check, CancellationToken.None).ConfigureAwait(false)).Reply;

    [Benchmark]
    public Task<JsonObject> AdmissionReviewValidate() =>
        _fixture.Admission.ValidateAsync(JsonNode.Parse(_review), CancellationToken.None);

    [Benchmark]
    public async Task<CloudEvent?> TenantCreatedPlanMode()
    {
        // A new tenant each time: a redelivery of the same tenant would write no state and measure less.
        var name = $"t{Interlocked.Increment(ref _tenantCount)}";
        _tenantSpec["name"] = name;
        var created = BenchFixture.Event(TenantEventTypes.Created, System.Text.Encoding.UTF8.GetBytes(_tenantSpec.ToJsonString()));
        var reply = (await _fixture.Tenants.HandleAsync(created, CancellationToken.None).ConfigureAwait(false)).Reply;
        return reply?.Type == TenantEventTypes.Provisioned ? reply : throw new InvalidOperationException($"Tenant {name} was not provisioned.");
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _fixture?.Dispose();
        GC.SuppressFinalize(this);
    }
}
