using System.Collections.Concurrent;
using Kabin.Cluster;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kabin.Sandboxes.Work;

/// <summary>
/// Work inside a Running sandbox's VM through <see cref="IPodExec"/>: commands, and files moved as
/// raw bytes over exec's stdin and stdout by the fixed programs of <see cref="SandboxScripts"/>.
/// Nothing runs on a node or in Kabin's pod. Limits come from <see cref="SandboxWorkOptions"/>.
/// </summary>
public sealed partial class SandboxWorkspace(
    SandboxQueries sandboxes, IPodExec exec, IOptions<SandboxOptions> options, TimeProvider timeProvider, ILogger<SandboxWorkspace> logger)
{
    private const int StderrKeptForErrors = 1024;
    private readonly SandboxWorkOptions _options = options.Value.Work;
    private readonly ConcurrentDictionary<string, int> _running = new(StringComparer.Ordinal);

    public SandboxWorkOptions Options => _options;

    /// <summary>
    /// Runs a command and returns how it ended. With <paramref name="stream"/>, output goes there as
    /// it comes (within the same limit) and the result carries none.
    /// </summary>
    public async Task<SandboxCommandResult> RunAsync(
        string tenant, string name, SandboxCommand command, PodExecOutput? stream, CancellationToken cancellationToken)
    {
        var (argv, stdin, timeout) = SandboxCommandLine.Build(command, _options);
        var record = await RunningAsync(tenant, name, cancellationToken).ConfigureAwait(false);
        using var slot = Enter(tenant, name);
        var stdout = new BoundedOutput(_options.MaxOutputBytes);
        var stderr = new BoundedOutput(_options.MaxOutputBytes);
        async ValueTask Output(PodExecChannel channel, ReadOnlyMemory<byte> chunk, CancellationToken token)
        {
            var kept = (channel == PodExecChannel.Stdout ? stdout : stderr).Take(chunk);
            if (stream is not null && !kept.IsEmpty)
            {
                await stream(channel, kept, token).ConfigureAwait(false);
            }
        }

        var started = timeProvider.GetTimestamp();
        var exitCode = await ExecAsync(record, argv, stdin is null ? null : new MemoryStream(stdin, writable: false), Output,
            TimeSpan.FromSeconds(timeout + _options.KillGraceSeconds), cancellationToken).ConfigureAwait(false);
        var elapsed = timeProvider.GetElapsedTime(started);
        var timedOut = exitCode == 137 && elapsed >= TimeSpan.FromSeconds(timeout);
        LogCommand(tenant, name, argv.Count - 7 - (command.Env?.Count ?? 0), exitCode, timedOut, (long)elapsed.TotalMilliseconds);
        return new SandboxCommandResult
        {
            ExitCode = exitCode,
            Stdout = stream is null ? stdout.Text : null,
            Stderr = stream is null ? stderr.Text : null,
            Truncated = stdout.Truncated || stderr.Truncated,
            TimedOut = timedOut,
            DurationMs = (long)elapsed.TotalMilliseconds,
        };
    }

    /// <summary>Writes <paramref name="length"/> bytes of <paramref name="body"/> to the file at <paramref name="path"/>, creating its parents; a reader never sees half of it.</summary>
    public async Task WriteFileAsync(string tenant, string name, string path, Stream body, long? length, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var target = SandboxFilePath.Resolve(_options.Root, path);
        if (length is not { } size)
        {
            throw new SandboxWorkRefusedException(SandboxWorkRefusal.LengthRequired, "Send the file with a Content-Length, so the sandbox can tell a complete upload from a broken one.");
        }

        if (size > _options.MaxFileBytes)
        {
            throw TooLarge(size);
        }

        var (exitCode, stderr) = await RunProgramAsync(tenant, name,
            SandboxScripts.Argv(SandboxScripts.Put, "kabin-put", target, size.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            body, stdout: null, FileDeadline(size), cancellationToken).ConfigureAwait(false);
        ThrowUnlessZero(exitCode, target, stderr);
    }

    /// <summary>
    /// Reads the regular file at <paramref name="path"/>: once its size is known, <paramref name="open"/>
    /// gives the stream its bytes go to. A refusal comes before <paramref name="open"/> is called.
    /// </summary>
    public async Task ReadFileAsync(
        string tenant, string name, string path, Func<long, CancellationToken, ValueTask<Stream>> open, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(open);
        var target = SandboxFilePath.Resolve(_options.Root, path);
        var reader = new SizedFileReader(open);
        var (exitCode, stderr) = await RunProgramAsync(tenant, name,
            SandboxScripts.Argv(SandboxScripts.Get, "kabin-get", target, _options.MaxFileBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            stdin: null, reader.WriteAsync, FileDeadline(_options.MaxFileBytes), cancellationToken).ConfigureAwait(false);
        if (!reader.Opened)
        {
            ThrowUnlessZero(exitCode == 0 ? SandboxScripts.IoFailure : exitCode, target, stderr);
        }
        else if (exitCode != 0 || !reader.Complete)
        {
            throw new TransientFailureException($"Reading {target} in sandbox {tenant}/{name} broke off after it started (exit {exitCode}); read it again.");
        }
    }

    public async Task DeleteFileAsync(string tenant, string name, string path, CancellationToken cancellationToken)
    {
        var target = SandboxFilePath.Resolve(_options.Root, path);
        if (target == _options.Root)
        {
            throw new SandboxWorkRefusedException(SandboxWorkRefusal.InvalidPath, "The root itself cannot be deleted; name a path under it.");
        }

        var (exitCode, stderr) = await RunProgramAsync(tenant, name, SandboxScripts.Argv(SandboxScripts.Delete, "kabin-delete", target),
            stdin: null, stdout: null, TimeSpan.FromSeconds(_options.DefaultTimeoutSeconds), cancellationToken).ConfigureAwait(false);
        ThrowUnlessZero(exitCode, target, stderr);
    }

    public async Task<SandboxDirectoryListing> ListAsync(string tenant, string name, string path, CancellationToken cancellationToken)
    {
        var target = SandboxFilePath.Resolve(_options.Root, path);
        var listing = new BoundedOutput(_options.MaxListingBytes);
        var (exitCode, stderr) = await RunProgramAsync(tenant, name, SandboxScripts.Argv(SandboxScripts.List, "kabin-list", target),
            stdin: null, (_, chunk, _) => { listing.Take(chunk); return ValueTask.CompletedTask; },
            TimeSpan.FromSeconds(_options.DefaultTimeoutSeconds), cancellationToken).ConfigureAwait(false);
        ThrowUnlessZero(exitCode, target, stderr);
        return new SandboxDirectoryListing(target, SandboxListingParser.Parse(listing.Bytes), listing.Truncated);
    }

    /// <summary>
    /// Runs one of the file programs of <see cref="SandboxScripts"/> in the sandbox, within its
    /// concurrency slot: stdout goes to <paramref name="stdout"/>, the start of stderr is kept for
    /// the error an exit code turns into.
    /// </summary>
    private async Task<(int ExitCode, BoundedOutput Stderr)> RunProgramAsync(
        string tenant, string name, IReadOnlyList<string> argv, Stream? stdin, PodExecOutput? stdout, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var record = await RunningAsync(tenant, name, cancellationToken).ConfigureAwait(false);
        using var slot = Enter(tenant, name);
        var stderr = new BoundedOutput(StderrKeptForErrors);
        var exitCode = await ExecAsync(record, argv, stdin, Collect(stdout, stderr), deadline, cancellationToken).ConfigureAwait(false);
        return (exitCode, stderr);
    }

    private async Task<SandboxRecord> RunningAsync(string tenant, string name, CancellationToken cancellationToken)
    {
        // Names from a URL reach no lookup, log line or answer unless they can be names at all.
        if (!Tenants.TenantSpecValidator.IsDnsLabel(tenant) || !Tenants.TenantSpecValidator.IsDnsLabel(name))
        {
            throw new SandboxWorkRefusedException(SandboxWorkRefusal.UnknownSandbox, "There is no such sandbox: a tenant's and a sandbox's names are DNS labels.");
        }

        var record = await sandboxes.GetAsync(tenant, name, cancellationToken).ConfigureAwait(false)
            ?? throw new SandboxWorkRefusedException(SandboxWorkRefusal.UnknownSandbox, $"Tenant '{tenant}' has no sandbox named '{name}'.");
        return record.State == SandboxState.Running
            ? record
            : throw new SandboxWorkRefusedException(SandboxWorkRefusal.NotRunning,
                $"Sandbox {tenant}/{name} is {record.State}: commands and files need it Running.");
    }

    private async Task<int> ExecAsync(
        SandboxRecord record, IReadOnlyList<string> argv, Stream? stdin, PodExecOutput output, TimeSpan deadline, CancellationToken cancellationToken)
    {
        using var timer = new CancellationTokenSource(deadline, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            return await exec.ExecAsync(new PodExecRequest(record.Namespace, record.PodName, _options.Container, argv, stdin), output, linked.Token)
                .ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TransientFailureException(
                $"Sandbox {record.Tenant}/{record.Name}: the exec did not end within {deadline.TotalSeconds:0} s; Kabin closed its stream.");
        }
    }

    /// <summary>An upload or download gets the default timeout plus a second per MiB.</summary>
    private TimeSpan FileDeadline(long bytes) => TimeSpan.FromSeconds(_options.DefaultTimeoutSeconds + (bytes / (1024 * 1024)));

    private static PodExecOutput Collect(PodExecOutput? stdout, BoundedOutput stderr) => (channel, chunk, token) =>
    {
        if (channel == PodExecChannel.Stdout)
        {
            return stdout?.Invoke(channel, chunk, token) ?? ValueTask.CompletedTask;
        }

        stderr.Take(chunk);
        return ValueTask.CompletedTask;
    };

    private Slot Enter(string tenant, string name)
    {
        var key = tenant + "/" + name;
        if (_running.AddOrUpdate(key, 1, (_, count) => count + 1) > _options.MaxConcurrentPerSandbox)
        {
            new Slot(_running, key).Dispose();
            throw new SandboxWorkRefusedException(SandboxWorkRefusal.Busy,
                $"Sandbox {key} already runs {_options.MaxConcurrentPerSandbox} commands or transfers (Kabin:Sandboxes:Work:MaxConcurrentPerSandbox); retry when one ends.");
        }

        return new Slot(_running, key);
    }

    private SandboxWorkRefusedException TooLarge(long size) =>
        new(SandboxWorkRefusal.TooLarge, $"The file is {size} bytes, more than the {_options.MaxFileBytes} allowed (Kabin:Sandboxes:Work:MaxFileBytes).");

    private void ThrowUnlessZero(int exitCode, string target, BoundedOutput stderr)
    {
        if (exitCode == 0)
        {
            return;
        }

        var why = stderr.Text.Trim();
        throw exitCode switch
        {
            SandboxScripts.NotFound => new SandboxWorkRefusedException(SandboxWorkRefusal.NoSuchFile, $"There is no {target} in the sandbox."),
            SandboxScripts.IsDirectory => new SandboxWorkRefusedException(SandboxWorkRefusal.WrongKind, $"{target} is a directory; GET it with a trailing '/' to list it."),
            SandboxScripts.TooLarge => TooLarge(_options.MaxFileBytes + 1),
            SandboxScripts.NotEmpty => new SandboxWorkRefusedException(SandboxWorkRefusal.WrongKind, $"{target} is a directory that is not empty; delete what is in it first."),
            SandboxScripts.ParentNotDirectory => new SandboxWorkRefusedException(SandboxWorkRefusal.WrongKind, $"A parent of {target} is not a directory, or cannot be created."),
            SandboxScripts.NotRegularFile => new SandboxWorkRefusedException(SandboxWorkRefusal.WrongKind, $"{target} is not a regular file."),
            SandboxScripts.NotDirectory => new SandboxWorkRefusedException(SandboxWorkRefusal.WrongKind, $"{target} is not a directory."),
            SandboxScripts.ShortUpload => new TransientFailureException($"The upload of {target} ended before all its bytes arrived; nothing was replaced. Send it again."),
            _ => new SandboxWorkRefusedException(SandboxWorkRefusal.Failed,
                $"The sandbox could not do it for {target} (exit {exitCode}){(why.Length > 0 ? ": " + why : "")}. Its image needs /bin/sh and the POSIX tools (cat, mv, mkdir, wc)."),
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sandbox {Tenant}/{Sandbox} ran a command of {Arguments} arguments: exit {ExitCode}, timed out {TimedOut}, {DurationMs} ms")]
    private partial void LogCommand(string tenant, string sandbox, int arguments, int exitCode, bool timedOut, long durationMs);

    private sealed class Slot(ConcurrentDictionary<string, int> running, string key) : IDisposable
    {
        public void Dispose()
        {
            if (running.AddOrUpdate(key, 0, (_, count) => count - 1) <= 0)
            {
                running.TryRemove(new KeyValuePair<string, int>(key, 0));
            }
        }
    }
}
