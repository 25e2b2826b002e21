namespace Kabin.TestDoubles.Kubectl;

/// <summary>How one kubectl run ended: exit code, standard output, standard error.</summary>
public sealed record KubectlResult(int ExitCode, string Output, string Errors);
