namespace Kabin.Reliability.Tests.Support;

/// <summary>What a hostile request may be answered with.</summary>
public enum Expect
{
    /// <summary>A 4xx problem (problem+json with a detail; a bare 431 from Kestrel for huge headers).</summary>
    Problem,

    /// <summary>A 4xx problem, or a 200 whose reply is a <c>*.rejected</c> event with reasons.</summary>
    ProblemOrRejected,

    /// <summary>A 4xx problem, or a 200 <c>dev.kabin.policy.checked</c> verdict that does not allow.</summary>
    ProblemOrDenied,

    /// <summary>A 4xx problem, or a 202 without a reply: an ApiServerSource or ping event about nothing Kabin manages.</summary>
    ProblemOrIgnored,

    /// <summary>An AdmissionReview: a 400 problem when malformed, else a 200 review judged by the engine oracle.</summary>
    Review,
}
