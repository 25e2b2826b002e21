using Kabin.Policy;

namespace Kabin.Adapters.HttpApi.Policy;

/// <summary>
/// One document's verdict: where it is in the body, what it is, and <see cref="Result"/>, exactly
/// the data of the <c>dev.kabin.policy.checked</c> event the policy function replied with.
/// </summary>
public sealed record PolicyDocumentVerdict(int Index, string? Kind, string? Namespace, string? Name, PolicyCheckResult Result);
