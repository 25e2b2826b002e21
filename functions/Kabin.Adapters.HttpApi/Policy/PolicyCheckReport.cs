namespace Kabin.Adapters.HttpApi.Policy;

/// <summary>The answer of <c>POST /policy/check</c>: allowed when every document is, and each document's verdict.</summary>
public sealed record PolicyCheckReport(bool Allowed, IReadOnlyList<PolicyDocumentVerdict> Documents);
