namespace Kabin.LocalCluster;

/// <summary>One REST resource the double serves, as API discovery describes it.</summary>
public sealed record ApiResource(
    string Group, string Version, string Kind, string Plural, bool Namespaced, string NameRule,
    IReadOnlyList<string> ShortNames, IReadOnlyList<string> Categories, IReadOnlyList<string> Subresources, IReadOnlyList<string> Verbs)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The path prefix of the resource's group version: <c>/api/v1</c> or <c>/apis/{group}/{version}</c>.</summary>
    public string Root => Group.Length == 0 ? $"/api/{Version}" : $"/apis/{Group}/{Version}";

    /// <summary>The resource as RBAC and error messages name it: <c>pods</c>, <c>deployments.apps</c>.</summary>
    public string QualifiedName => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary>A review kind (TokenReview, SubjectAccessReview): created and answered, never stored.</summary>
    public bool IsReview => Verbs is ["create"];

    public bool Is(string kind, string group = "") => Kind == kind && Group == group;
}
