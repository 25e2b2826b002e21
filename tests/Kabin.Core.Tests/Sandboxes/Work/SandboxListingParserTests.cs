using System.Text;
using Kabin.Sandboxes.Work;

namespace Kabin.Core.Tests.Sandboxes.Work;

public sealed class SandboxListingParserTests
{
    [Fact]
    public void Entries_are_read_in_name_order_with_names_that_hold_spaces_and_newlines()
    {
        var output = Encoding.UTF8.GetBytes("file 12 b c\0directory 0 a\nline\0symlink 0 link\0fifo 0 pipe\0");

        var entries = SandboxListingParser.Parse(output);

        Assert.Equal(
            [new("a\nline", "directory", 0), new("b c", "file", 12), new("link", "symlink", 0), new("pipe", "other", 0)],
            entries);
    }

    [Fact]
    public void A_last_entry_cut_by_the_limit_is_left_out() =>
        Assert.Equal(["whole"], SandboxListingParser.Parse(Encoding.UTF8.GetBytes("file 1 whole\0file 2 cu")).Select(entry => entry.Name));
}
