using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Kabin.Policy;
using Kabin.Tenants;

namespace Kabin.Benchmarks;

/// <summary>The policy engine in process: every rule, Pod Security only, and the mutating patch.</summary>
[MemoryDiagnoser]
public class PolicyCheckBenchmarks : IDisposable
{
    private BenchFixture _fixture = null!;
    private JsonObject _pod = null!;
    private JsonObject _deployment = null!;
    private JsonObject _podWithoutClass = null!;
    private byte[] _podBytes = null!;

    [GlobalSetup]
    public void Setup()
    {
        _fixture = new BenchFixture();
        _pod = BenchData.TypicalPod();
        _deployment = BenchData.LargeDeployment();
        _podWithoutClass = BenchData.PodWithoutRuntimeClass();
        _podBytes = BenchData.Read("pod.json");
        Require(_fixture.Engine.Check(_pod, _fixture.Tenant), "typical pod");
        Require(_fixture.Engine.Check(_deployment, _fixture.Tenant), "large deployment");
    }

    [Benchmark(Baseline = true)]
    public PolicyVerdict TypicalPod() => _fixture.Engine.Check(_pod, _fixture.Tenant);

    [Benchmark]
    public PolicyVerdict TypicalPodParsedFromUtf8() => _fixture.Engine.Check(JsonNode.Parse(_podBytes)!.AsObject(), _fixture.Tenant);

    [Benchmark]
    public PolicyVerdict LargeDeployment() => _fixture.Engine.Check(_deployment, _fixture.Tenant);

    [Benchmark]
    public PolicyVerdict PodSecurityOnlyTypicalPod() => PolicyEngine.CheckPodSecurity(_pod, PodSecurityLevel.Restricted);

    [Benchmark]
    public PolicyVerdict PodSecurityOnlyLargeDeployment() => PolicyEngine.CheckPodSecurity(_deployment, PodSecurityLevel.Restricted);

    [Benchmark]
    public JsonArray MutatePatch() => RuntimeClassDefaulter.CreatePatch(_podWithoutClass, _fixture.Tenant);

    [GlobalCleanup]
    public void Dispose()
    {
        _fixture?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>A benchmark of a denied object would measure the wrong path: the workloads must pass every rule.</summary>
    private static void Require(PolicyVerdict verdict, string what)
    {
        if (!verdict.Allowed)
        {
            throw new InvalidOperationException(
                $"The {what} must be allowed; it was denied: {string.Join("; ", verdict.Violations.Select(v => $"{v.Rule} {v.Path}"))}");
        }
    }
}
