namespace Kabin.TestDoubles.Kubernetes;

/// <summary>One REST resource the double serves, as API discovery would describe it.</summary>
public sealed record ApiResource(string Group, string Version, string Kind, string Plural, bool Namespaced, string NameRule)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The path prefix of the resource's group version: <c>/api/v1</c> or <c>/apis/{group}/{version}</c>.</summary>
    public string Root => Group.Length == 0 ? $"/api/{Version}" : $"/apis/{Group}/{Version}";
}
