namespace Kabin.Cluster;

/// <summary>Plan mode starts no pods, so nothing can run in one: every exec is a conflict with the sandbox's state.</summary>
public sealed class PlanPodExec : IPodExec
{
    public Task<int> ExecAsync(PodExecRequest request, PodExecOutput output, CancellationToken cancellationToken) =>
        throw new ConflictException("Plan mode runs no pods, so no command can run in a sandbox; set Kabin:Cluster:Mode=apply with a cluster.");
}
