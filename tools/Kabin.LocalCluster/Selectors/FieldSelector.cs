using System.Text.Json.Nodes;

namespace Kabin.LocalCluster;

/// <summary>
/// A field selector (<c>metadata.name=x,status.phase!=Running</c>) over the fields the API server
/// indexes: <c>metadata.name</c> and <c>metadata.namespace</c> for every kind, and for pods also
/// <c>status.phase</c>, <c>spec.nodeName</c> and <c>spec.restartPolicy</c>. Any other field is a 400, as on the server.
/// </summary>
public sealed class FieldSelector
{
    private static readonly string[] CommonFields = ["metadata.name", "metadata.namespace"];
    private static readonly string[] PodFields = ["status.phase", "spec.nodeName", "spec.restartPolicy", "spec.serviceAccountName"];
    private readonly (string Field, string Value, bool Negated)[] _terms;

    private FieldSelector((string, string, bool)[] terms) => _terms = terms;

    public static FieldSelector Everything { get; } = new([]);

    public static FieldSelector Parse(string? text, ApiResource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var terms = new List<(string, string, bool)>();
        foreach (var raw in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var negated = raw.Contains("!=", StringComparison.Ordinal);
            var parts = negated ? raw.Split("!=", 2) : raw.Split('=', 2);
            if (parts.Length != 2)
            {
                throw ApiStatusException.BadRequest($"invalid selector: '{text}'; can't understand '{raw}'");
            }

            var field = parts[0].Trim();
            var supported = CommonFields.Contains(field) || (resource.Kind == "Pod" && PodFields.Contains(field));
            if (!supported)
            {
                throw ApiStatusException.BadRequest($"field label not supported: {field}");
            }

            terms.Add((field, parts[1].TrimStart('=').Trim(), negated));
        }

        return new FieldSelector([.. terms]);
    }

    public bool Matches(JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(body);
        foreach (var (field, value, negated) in _terms)
        {
            JsonNode? node = body;
            foreach (var part in field.Split('.'))
            {
                node = node?[part];
            }

            var actual = node?.ToString() ?? string.Empty;
            if ((actual == value) == negated)
            {
                return false;
            }
        }

        return true;
    }
}
