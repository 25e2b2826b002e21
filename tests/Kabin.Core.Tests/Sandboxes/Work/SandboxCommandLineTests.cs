using System.Text;
using Kabin.Sandboxes.Work;

namespace Kabin.Core.Tests.Sandboxes.Work;

public sealed class SandboxCommandLineTests
{
    private static readonly SandboxWorkOptions Options = new() { MaxStdinBytes = 16, MaxCommandBytes = 256, MaxTimeoutSeconds = 600 };

    [Fact]
    public void The_command_goes_after_the_fixed_program_as_arguments_never_into_its_text()
    {
        var (argv, stdin, timeout) = SandboxCommandLine.Build(new SandboxCommand
        {
            Command = ["python", "-c", "print(1); import os"],
            Env = new Dictionary<string, string> { ["B"] = "2; rm -rf /", ["A"] = "$(id)" },
            WorkingDir = "/tmp",
            Stdin = "hi",
            TimeoutSeconds = 5,
        }, Options);

        Assert.Equal(["/bin/sh", "-c", SandboxScripts.Run, "kabin-run", "/tmp", "5", "2", "A=$(id)", "B=2; rm -rf /", "python", "-c", "print(1); import os"], argv);
        Assert.Equal("hi", Encoding.UTF8.GetString(stdin!));
        Assert.Equal(5, timeout);
    }

    [Fact]
    public void Defaults_are_the_root_as_working_directory_and_the_default_timeout()
    {
        var (argv, stdin, timeout) = SandboxCommandLine.Build(new SandboxCommand { Command = ["true"] }, Options);

        Assert.Equal(["/work", "60", "0", "true"], argv.Skip(4));
        Assert.Null(stdin);
        Assert.Equal(60, timeout);
    }

    [Theory]
    [InlineData("command")]
    [InlineData("env.1X")]
    [InlineData("env.A=B")]
    [InlineData("workingDir")]
    [InlineData("timeoutSeconds")]
    public void Each_invalid_field_is_named(string field)
    {
        var command = field switch
        {
            "command" => new SandboxCommand { Command = [] },
            "workingDir" => new SandboxCommand { Command = ["true"], WorkingDir = "relative/dir" },
            "timeoutSeconds" => new SandboxCommand { Command = ["true"], TimeoutSeconds = 601 },
            _ => new SandboxCommand { Command = ["true"], Env = new Dictionary<string, string> { [field[4..]] = "v" } },
        };

        var refused = Assert.Throws<InvalidEventDataException>(() => SandboxCommandLine.Build(command, Options));

        Assert.Equal(field, Assert.Single(refused.Errors).Field);
    }

    [Fact]
    public void Arguments_with_a_nul_and_commands_over_the_byte_limit_are_refused()
    {
        Assert.Throws<InvalidEventDataException>(() => SandboxCommandLine.Build(new SandboxCommand { Command = ["echo", "a\0b"] }, Options));
        Assert.Throws<InvalidEventDataException>(() => SandboxCommandLine.Build(new SandboxCommand { Command = ["echo", new string('x', 300)] }, Options));
    }

    [Fact]
    public void Stdin_over_its_limit_is_too_large()
    {
        var refused = Assert.Throws<SandboxWorkRefusedException>(() => SandboxCommandLine.Build(new SandboxCommand { Command = ["cat"], Stdin = new string('x', 17) }, Options));

        Assert.Equal(SandboxWorkRefusal.TooLarge, refused.Refusal);
    }
}
