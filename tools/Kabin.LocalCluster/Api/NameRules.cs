using System.Text.RegularExpressions;

namespace Kabin.LocalCluster;

/// <summary>The API server's name validations: RFC 1123 label, RFC 1123 subdomain, or path segment (RBAC).</summary>
internal static partial class NameRules
{
    /// <summary>Null when the name is valid for the rule, else the server's explanation.</summary>
    public static string? Check(string rule, string name) => rule switch
    {
        "label" when name.Length > 63 || !Label().IsMatch(name) =>
            $"metadata.name: Invalid value: \"{name}\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (at most 63 characters)",
        "subdomain" when name.Length > 253 || !Subdomain().IsMatch(name) =>
            $"metadata.name: Invalid value: \"{name}\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        "path" when name is "." or ".." || name.Contains('/', StringComparison.Ordinal) || name.Contains('%', StringComparison.Ordinal) =>
            $"metadata.name: Invalid value: \"{name}\": may not be '.' or '..' and may not contain '/' or '%'",
        "label" or "subdomain" or "path" => null,
        _ => throw new InvalidOperationException($"Unknown name rule '{rule}' in api-resources.json."),
    };

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Label();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Subdomain();
}
