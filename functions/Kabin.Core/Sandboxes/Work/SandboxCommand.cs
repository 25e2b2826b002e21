using System.Text.Json.Serialization;
using Kabin.Json;

namespace Kabin.Sandboxes.Work;

/// <summary>A command to run in a sandbox: argv (never a shell string), environment, working directory, stdin, timeout.</summary>
public sealed record SandboxCommand
{
    public IReadOnlyList<string>? Command { get; init; }

    public IReadOnlyDictionary<string, string>? Env { get; init; }

    /// <summary>Absolute; the sandbox's root (<c>/work</c>) when left out.</summary>
    public string? WorkingDir { get; init; }

    /// <summary>Text given to the command's standard input, which then reads end of file.</summary>
    public string? Stdin { get; init; }

    public int? TimeoutSeconds { get; init; }
}

/// <summary>The data of <c>dev.kabin.sandbox.command.requested</c>: the command and the sandbox it runs in.</summary>
public sealed record SandboxCommandRequest
{
    [JsonConverter(typeof(BoundedNameConverter))]
    public string? Tenant { get; init; }

    /// <summary>The sandbox's name.</summary>
    [JsonConverter(typeof(BoundedNameConverter))]
    public string? Name { get; init; }

    public IReadOnlyList<string>? Command { get; init; }

    public IReadOnlyDictionary<string, string>? Env { get; init; }

    public string? WorkingDir { get; init; }

    public string? Stdin { get; init; }

    public int? TimeoutSeconds { get; init; }

    /// <summary>
    /// Instead of a command of its own: the index of the command to run from the sandbox request's
    /// <c>commands</c>, as Kabin publishes them once the sandbox is Running.
    /// </summary>
    public int? Step { get; init; }

    public SandboxCommand ToCommand() =>
        new() { Command = Command, Env = Env, WorkingDir = WorkingDir, Stdin = Stdin, TimeoutSeconds = TimeoutSeconds };
}
