namespace Kabin.LocalCluster;

/// <summary>What a request does, as authorization sees it (a SubjectAccessReview's resourceAttributes or nonResourceAttributes).</summary>
public sealed record AccessAttributes(string Verb, string Group, string Resource, string? Subresource, string? Namespace, string? Name, string? NonResourcePath = null);
