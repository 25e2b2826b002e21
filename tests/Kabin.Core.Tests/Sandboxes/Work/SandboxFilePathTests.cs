using Kabin.Sandboxes.Work;

namespace Kabin.Core.Tests.Sandboxes.Work;

public sealed class SandboxFilePathTests
{
    [Theory]
    [InlineData("", "/work")]
    [InlineData("a.txt", "/work/a.txt")]
    [InlineData("dir/sub/", "/work/dir/sub")]
    [InlineData("name with spaces\nand newline", "/work/name with spaces\nand newline")]
    [InlineData("..hidden/...", "/work/..hidden/...")]
    public void A_relative_path_resolves_under_the_root(string relative, string expected) =>
        Assert.Equal(expected, SandboxFilePath.Resolve("/work", relative));

    [Theory]
    [InlineData("..")]
    [InlineData("../etc/passwd")]
    [InlineData("a/../../etc")]
    [InlineData("a/./b")]
    [InlineData("a//b")]
    [InlineData("/etc/passwd")]
    [InlineData("/")]
    [InlineData("a\0b")]
    [InlineData("..%2Fetc")]
    [InlineData("a%2fb")]
    public void A_path_that_could_leave_the_root_is_refused(string relative)
    {
        var refused = Assert.Throws<SandboxWorkRefusedException>(() => SandboxFilePath.Resolve("/work", relative));

        Assert.Equal(SandboxWorkRefusal.InvalidPath, refused.Refusal);
    }

    [Fact]
    public void Overlong_paths_and_segments_are_refused()
    {
        Assert.Throws<SandboxWorkRefusedException>(() => SandboxFilePath.Resolve("/work", new string('a', 256)));
        Assert.Throws<SandboxWorkRefusedException>(() => SandboxFilePath.Resolve("/work", string.Join('/', Enumerable.Repeat(new string('a', 200), 21))));
        Assert.Equal(255 + 6, SandboxFilePath.Resolve("/work", new string('a', 255)).Length);
    }

    [Theory]
    [InlineData("/work", true)]
    [InlineData("/", true)]
    [InlineData("/a/b/", true)]
    [InlineData("work", false)]
    [InlineData("/a/../b", false)]
    [InlineData("/a//b", false)]
    [InlineData("", false)]
    public void Clean_absolute_paths_are_told_apart(string path, bool clean) =>
        Assert.Equal(clean, SandboxFilePath.IsAbsoluteClean(path));
}
