namespace Kabin.Events;

/// <summary>The functions one host can serve, and the <c>KABIN_FUNCTIONS</c> selection among them.</summary>
public static class KabinFunctions
{
    public const string Tenant = "tenant";
    public const string Policy = "policy";
    public const string Sandbox = "sandbox";

    public static IReadOnlyList<string> All { get; } = [Tenant, Policy, Sandbox];

    /// <summary>Parses a comma list such as <c>tenant,policy</c>; empty or null means all.</summary>
    public static IReadOnlySet<string> Parse(string? selection)
    {
        if (string.IsNullOrWhiteSpace(selection))
        {
            return new HashSet<string>(All, StringComparer.Ordinal);
        }

        var chosen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in selection.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var name = part.ToLowerInvariant();
            if (!All.Contains(name))
            {
                throw new ArgumentException(
                    $"KABIN_FUNCTIONS names '{part}', which is not a function. Use a comma list of {string.Join(", ", All)}.");
            }

            chosen.Add(name);
        }

        return chosen;
    }
}
