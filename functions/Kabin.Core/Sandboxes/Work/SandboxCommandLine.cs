using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Kabin.Sandboxes.Work;

/// <summary>Checks a <see cref="SandboxCommand"/> against the limits and turns it into the argv of <see cref="SandboxScripts.Run"/>.</summary>
public static partial class SandboxCommandLine
{
    public const int MaxArguments = 1024;
    public const int MaxVariables = 256;

    /// <summary>The argv to exec and the bytes of stdin; throws <see cref="InvalidEventDataException"/> (422) or a 413 refusal.</summary>
    public static (IReadOnlyList<string> Argv, byte[]? Stdin, int TimeoutSeconds) Build(SandboxCommand command, SandboxWorkOptions options)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<FieldError>();
        var argv = command.Command ?? [];
        if (argv.Count == 0 || argv[0].Length == 0)
        {
            errors.Add(new FieldError("command", "must be a non-empty argv array such as [\"python\", \"-c\", \"print(1)\"]; it is run as given, never by a shell"));
        }
        else if (argv.Count > MaxArguments)
        {
            errors.Add(new FieldError("command", $"has more than {MaxArguments} arguments"));
        }
        else if (argv.Any(part => part.Contains('\0', StringComparison.Ordinal)))
        {
            errors.Add(new FieldError("command", "an argument holds a NUL character, which no process can receive"));
        }

        var env = command.Env ?? new Dictionary<string, string>();
        if (env.Count > MaxVariables)
        {
            errors.Add(new FieldError("env", $"has more than {MaxVariables} variables"));
        }

        foreach (var (name, value) in env)
        {
            if (!VariableName().IsMatch(name))
            {
                errors.Add(new FieldError($"env.{name}", "a variable name is letters, digits and '_', not starting with a digit"));
            }
            else if (value.Contains('\0', StringComparison.Ordinal))
            {
                errors.Add(new FieldError($"env.{name}", "holds a NUL character"));
            }
        }

        var workingDir = command.WorkingDir ?? options.Root;
        if (!SandboxFilePath.IsAbsoluteClean(workingDir))
        {
            errors.Add(new FieldError("workingDir", "must be an absolute path without '.' or '..' segments, such as /work"));
        }

        var timeout = command.TimeoutSeconds ?? options.DefaultTimeoutSeconds;
        if (timeout < 1 || timeout > options.MaxTimeoutSeconds)
        {
            errors.Add(new FieldError("timeoutSeconds", $"must be between 1 and {options.MaxTimeoutSeconds}"));
        }

        var size = argv.Sum(part => Encoding.UTF8.GetByteCount(part) + 1)
            + env.Sum(pair => Encoding.UTF8.GetByteCount(pair.Key) + Encoding.UTF8.GetByteCount(pair.Value) + 2);
        if (size > options.MaxCommandBytes)
        {
            errors.Add(new FieldError("command", $"argv and env together take {size} bytes, more than the {options.MaxCommandBytes} allowed (Kabin:Sandboxes:Work:MaxCommandBytes); pass data as a file or stdin"));
        }

        if (errors.Count > 0)
        {
            throw new InvalidEventDataException($"The command cannot be run: {string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}"))}.", errors);
        }

        byte[]? stdin = null;
        if (command.Stdin is { } text)
        {
            if (Encoding.UTF8.GetByteCount(text) > options.MaxStdinBytes)
            {
                throw new SandboxWorkRefusedException(SandboxWorkRefusal.TooLarge,
                    $"stdin is larger than {options.MaxStdinBytes} bytes (Kabin:Sandboxes:Work:MaxStdinBytes); write the data as a file instead.");
            }

            stdin = Encoding.UTF8.GetBytes(text);
        }

        var pairs = env.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key}={pair.Value}").ToArray();
        var line = SandboxScripts.Argv(SandboxScripts.Run, "kabin-run",
            [workingDir, timeout.ToString(CultureInfo.InvariantCulture), pairs.Length.ToString(CultureInfo.InvariantCulture), .. pairs, .. argv]);
        return (line, stdin, timeout);
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex VariableName();
}
