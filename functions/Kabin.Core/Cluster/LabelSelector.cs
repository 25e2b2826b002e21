namespace Kabin.Cluster;

/// <summary>
/// An equality-based Kubernetes label selector (<c>a=b</c>, <c>a==b</c>, <c>a!=b</c>, <c>a</c>,
/// <c>!a</c>, comma-separated), enough to evaluate the selectors Kabin sends.
/// </summary>
public sealed class LabelSelector
{
    private readonly (string Key, string? Value, bool Negated)[] _terms;

    private LabelSelector((string, string?, bool)[] terms) => _terms = terms;

    public static LabelSelector Parse(string selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        var terms = new List<(string, string?, bool)>();
        foreach (var raw in selector.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (raw.Contains("!=", StringComparison.Ordinal))
            {
                var parts = raw.Split("!=", 2);
                terms.Add((parts[0].Trim(), parts[1].Trim(), true));
            }
            else if (raw.Contains('=', StringComparison.Ordinal))
            {
                var parts = raw.Split('=', 2);
                terms.Add((parts[0].Trim(), parts[1].TrimStart('=').Trim(), false));
            }
            else if (raw.StartsWith('!'))
            {
                terms.Add((raw[1..].Trim(), null, true));
            }
            else
            {
                terms.Add((raw, null, false));
            }
        }

        return new LabelSelector([.. terms]);
    }

    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        foreach (var (key, value, negated) in _terms)
        {
            var present = labels.TryGetValue(key, out var actual);
            var matches = value is null ? present : present && actual == value;
            if (matches == negated)
            {
                return false;
            }
        }

        return true;
    }
}
