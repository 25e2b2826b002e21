using Kabin.Sandboxes;

namespace Kabin.Core.Tests.Sandboxes;

public sealed class SandboxDocsTests
{
    [Fact]
    public void Transition_table_in_the_docs_matches_the_code()
    {
        var documented = DocumentedTable();

        var expected = Enum.GetValues<SandboxState>()
            .SelectMany(state => Enum.GetValues<SandboxTrigger>().Select(trigger => (state, trigger)))
            .ToDictionary(pair => pair, pair => SandboxTransitions.TryNext(pair.state, pair.trigger, out var to) ? to : (SandboxState?)null);
        Assert.Equal(expected.Count, documented.Count);
        Assert.All(expected, pair => Assert.Equal(pair.Value, documented[pair.Key]));
    }

    private static Dictionary<(SandboxState, SandboxTrigger), SandboxState?> DocumentedTable()
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot(), "docs", "sandboxes.md"));
        var header = Array.FindIndex(lines, line => line.StartsWith("| State \\ Trigger", StringComparison.Ordinal));
        Assert.True(header >= 0, "docs/sandboxes.md needs the transition table.");
        var triggers = Cells(lines[header]).Skip(1).Select(Enum.Parse<SandboxTrigger>).ToArray();
        var table = new Dictionary<(SandboxState, SandboxTrigger), SandboxState?>();
        foreach (var line in lines.Skip(header + 2).TakeWhile(line => line.StartsWith('|')))
        {
            var cells = Cells(line);
            var state = Enum.Parse<SandboxState>(cells[0]);
            for (var i = 0; i < triggers.Length; i++)
            {
                table[(state, triggers[i])] = cells[i + 1] == "-" ? null : Enum.Parse<SandboxState>(cells[i + 1]);
            }
        }

        return table;
    }

    private static string[] Cells(string line) =>
        [.. line.Trim().Trim('|').Split('|').Select(cell => cell.Trim())];

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Functions.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("Run the tests from inside the repository.");
    }
}
