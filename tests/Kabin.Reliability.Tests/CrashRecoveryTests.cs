using Kabin.Reliability.Tests.Crash;
using Kabin.TestDoubles.Native;

namespace Kabin.Reliability.Tests;

/// <summary>
/// The native host with SQLite state, SIGKILLed at a random point of a stream of 200 mixed events
/// against the local cluster, started again, and the unanswered event delivered again: for 20
/// seeds, the cluster objects, the state records and the emitted events (replies and sink, by id)
/// equal those of an uninterrupted run.
/// </summary>
public sealed class CrashRecoveryTests
{
    private const int Events = 200;
    private const int Seeds = 20;

    [AotBinaryFact]
    public async Task A_host_killed_anywhere_in_the_stream_and_restarted_ends_as_an_uninterrupted_run()
    {
        var steps = CrashStream.Build(Events);
        var uninterrupted = await CrashRun.RunAsync(AotBinaryFactAttribute.BinaryPath, steps);
        Assert.Contains("dev.kabin.sandbox.expired", uninterrupted.Emitted, StringComparison.Ordinal);
        Assert.Contains("dev.kabin.tenant.deprovisioned", uninterrupted.Emitted, StringComparison.Ordinal);

        var cutShort = 0;
        for (var seed = 1; seed <= Seeds; seed++)
        {
            // Consecutive seeds give System.Random correlated first draws; spread them first.
            var random = new Random(unchecked((int)((uint)seed * 2654435761u)));
            var step = random.Next(steps.Count);
            var crash = new CrashPoint(step, uninterrupted.Durations[step] * random.NextDouble());
            var crashed = await CrashRun.RunAsync(AotBinaryFactAttribute.BinaryPath, steps, crash);

            var where = $"seed {seed}: killed {crash.Delay.TotalMilliseconds:0.00} ms into {steps[crash.Step]}";
            Assert.True(uninterrupted.Cluster == crashed.Cluster, $"{where}: the cluster objects differ\n{Diff(uninterrupted.Cluster, crashed.Cluster)}");
            Assert.True(uninterrupted.State == crashed.State, $"{where}: the state records differ\n{Diff(uninterrupted.State, crashed.State)}");
            Assert.True(uninterrupted.Emitted == crashed.Emitted, $"{where}: the emitted events differ\n{Diff(uninterrupted.Emitted, crashed.Emitted)}");
            cutShort += crashed.CutShort ? 1 : 0;
        }

        // The kills are aimed inside each delivery's measured duration; most must land before the answer.
        Assert.True(cutShort >= Seeds / 2, $"only {cutShort} of {Seeds} kills came before the host answered");
    }

    private static string Diff(string expected, string actual)
    {
        var left = expected.Split('\n').ToHashSet(StringComparer.Ordinal);
        var right = actual.Split('\n').ToHashSet(StringComparer.Ordinal);
        return string.Join('\n', left.Except(right).Select(line => "- " + line).Concat(right.Except(left).Select(line => "+ " + line)).Take(20));
    }
}
