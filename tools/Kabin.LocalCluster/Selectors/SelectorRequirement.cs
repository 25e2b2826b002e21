using System.Text.RegularExpressions;

namespace Kabin.LocalCluster;

/// <summary>One term of a label selector: a key, an operator and the values it compares with.</summary>
public sealed partial record SelectorRequirement(string Key, SelectorOperator Operator, IReadOnlyList<string> Values)
{
    public static SelectorRequirement Parse(string term)
    {
        ArgumentNullException.ThrowIfNull(term);
        var text = term.Trim();
        if (text.Length == 0)
        {
            throw ApiStatusException.BadRequest("unable to parse requirement: found '', expected: identifier");
        }

        if (SetBased().Match(text) is { Success: true } set)
        {
            var values = set.Groups["values"].Value.Split(',', StringSplitOptions.TrimEntries).Where(v => v.Length > 0).ToArray();
            var op = set.Groups["op"].Value == "in" ? SelectorOperator.In : SelectorOperator.NotIn;
            return Checked(new SelectorRequirement(set.Groups["key"].Value, op, values));
        }

        if (text.StartsWith('!'))
        {
            return Checked(new SelectorRequirement(text[1..].Trim(), SelectorOperator.DoesNotExist, []));
        }

        foreach (var (symbol, op) in new[] { ("!=", SelectorOperator.NotEquals), ("==", SelectorOperator.Equals), ("=", SelectorOperator.Equals) })
        {
            var at = text.IndexOf(symbol, StringComparison.Ordinal);
            if (at >= 0)
            {
                return Checked(new SelectorRequirement(text[..at].Trim(), op, [text[(at + symbol.Length)..].Trim()]));
            }
        }

        return Checked(new SelectorRequirement(text, SelectorOperator.Exists, []));
    }

    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var present = labels.TryGetValue(Key, out var value);
        return Operator switch
        {
            SelectorOperator.Equals or SelectorOperator.In => present && Values.Contains(value!),
            SelectorOperator.NotEquals or SelectorOperator.NotIn => !present || !Values.Contains(value!),
            SelectorOperator.Exists => present,
            _ => !present,
        };
    }

    private static SelectorRequirement Checked(SelectorRequirement requirement)
    {
        if (!KeyPattern().IsMatch(requirement.Key))
        {
            throw ApiStatusException.BadRequest($"unable to parse requirement: invalid label key \"{requirement.Key}\"");
        }

        foreach (var value in requirement.Values)
        {
            if (value.Length > 63 || !ValuePattern().IsMatch(value))
            {
                throw ApiStatusException.BadRequest($"unable to parse requirement: invalid label value: \"{value}\"");
            }
        }

        if (requirement.Operator is SelectorOperator.In or SelectorOperator.NotIn && requirement.Values.Count == 0)
        {
            throw ApiStatusException.BadRequest($"unable to parse requirement: for 'in', 'notin' operators, values set can't be empty");
        }

        return requirement;
    }

    [GeneratedRegex(@"^(?<key>\S+)\s+(?<op>in|notin)\s*\((?<values>[^()]*)\)$")]
    private static partial Regex SetBased();

    [GeneratedRegex(@"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$")]
    private static partial Regex KeyPattern();

    [GeneratedRegex(@"^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$")]
    private static partial Regex ValuePattern();
}
