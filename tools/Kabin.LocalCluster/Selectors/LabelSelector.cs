namespace Kabin.LocalCluster;

/// <summary>
/// A label selector in the API server's string form, parsed by the double's own code: equality
/// (<c>a=b</c>, <c>a==b</c>, <c>a!=b</c>), set-based (<c>a in (x,y)</c>, <c>a notin (x)</c>),
/// existence (<c>a</c>) and absence (<c>!a</c>), joined by commas outside parentheses.
/// </summary>
public sealed class LabelSelector
{
    private readonly SelectorRequirement[] _requirements;

    private LabelSelector(SelectorRequirement[] requirements) => _requirements = requirements;

    public static LabelSelector Everything { get; } = new([]);

    public IReadOnlyList<SelectorRequirement> Requirements => _requirements;

    /// <summary>Parses <paramref name="text"/>; throws a 400 BadRequest status for a malformed selector, as the server does.</summary>
    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var requirements = new List<SelectorRequirement>();
        foreach (var term in SplitTerms(text))
        {
            requirements.Add(SelectorRequirement.Parse(term));
        }

        return new LabelSelector([.. requirements]);
    }

    /// <summary>A <c>metav1.LabelSelector</c> object (matchLabels, matchExpressions), as webhooks and owners carry it.</summary>
    public static LabelSelector FromObject(System.Text.Json.Nodes.JsonObject? selector)
    {
        if (selector is null)
        {
            return Everything;
        }

        var requirements = new List<SelectorRequirement>();
        foreach (var (key, value) in selector["matchLabels"] as System.Text.Json.Nodes.JsonObject ?? [])
        {
            requirements.Add(new SelectorRequirement(key, SelectorOperator.In, [value?.ToString() ?? string.Empty]));
        }

        foreach (var expression in selector["matchExpressions"] as System.Text.Json.Nodes.JsonArray ?? [])
        {
            var key = expression?["key"]?.ToString() ?? throw ApiStatusException.BadRequest("a matchExpression needs a key");
            var values = (expression["values"] as System.Text.Json.Nodes.JsonArray ?? []).Select(v => v?.ToString() ?? string.Empty).ToArray();
            var op = expression["operator"]?.ToString() switch
            {
                "In" => SelectorOperator.In,
                "NotIn" => SelectorOperator.NotIn,
                "Exists" => SelectorOperator.Exists,
                "DoesNotExist" => SelectorOperator.DoesNotExist,
                var other => throw ApiStatusException.BadRequest($"\"{other}\" is not a valid label selector operator"),
            };
            requirements.Add(new SelectorRequirement(key, op, values));
        }

        return new LabelSelector([.. requirements]);
    }

    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return _requirements.All(requirement => requirement.Matches(labels));
    }

    private static IEnumerable<string> SplitTerms(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    if (depth < 0)
                    {
                        throw ApiStatusException.BadRequest($"unable to parse requirement: unmatched ')' in \"{text}\"");
                    }

                    break;
                case ',' when depth == 0:
                    yield return text[start..i];
                    start = i + 1;
                    break;
            }
        }

        if (depth != 0)
        {
            throw ApiStatusException.BadRequest($"unable to parse requirement: unclosed '(' in \"{text}\"");
        }

        yield return text[start..];
    }
}
