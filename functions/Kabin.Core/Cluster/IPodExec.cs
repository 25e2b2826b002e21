namespace Kabin.Cluster;

/// <summary>
/// Runs a command in a running pod's container, as <c>pods/exec</c> does: argv only, never a
/// string for a shell. Output arrives in order through a <see cref="PodExecOutput"/>, which is awaited
/// before more is read, so a slow reader slows the command instead of filling memory.
/// </summary>
public interface IPodExec
{
    /// <summary>
    /// Runs <see cref="PodExecRequest.Command"/> and returns its exit code. Throws
    /// <see cref="ConflictException"/> when the pod is gone or not running,
    /// <see cref="ClusterRejectedException"/> when the API server refuses the exec, and
    /// <see cref="TransientFailureException"/> when it cannot be reached or the stream breaks.
    /// </summary>
    Task<int> ExecAsync(PodExecRequest request, PodExecOutput output, CancellationToken cancellationToken);
}

/// <summary>Receives one chunk of the command's standard output or standard error.</summary>
public delegate ValueTask PodExecOutput(PodExecChannel stream, ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken);

/// <summary>The output channels of the Kubernetes channel protocol, by their numbers.</summary>
public enum PodExecChannel
{
    Stdout = 1,
    Stderr = 2,
}

/// <summary>One exec: the pod, its container, the argv, and standard input (none when null: the command reads end of file).</summary>
public sealed record PodExecRequest(string Namespace, string Pod, string Container, IReadOnlyList<string> Command, Stream? Stdin);
