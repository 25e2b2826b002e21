using System.Text;
using CloudNative.CloudEvents;
using Kabin.Events;
using Kabin.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kabin.Sandboxes.Work;

/// <summary>
/// <c>dev.kabin.sandbox.command.requested</c> → <c>dev.kabin.sandbox.command.completed</c>: runs
/// the command in the sandbox's VM and answers how it ended. Each event runs once per delivery that
/// claims it: a redelivery of an answered event gets the stored answer, one that arrives while
/// another delivery runs it gets 409 (Knative retries), and one whose runner died is run again once
/// the claim's lease (the timeout and kill grace, plus 30 s) has passed.
/// </summary>
public sealed partial class SandboxCommandHandler(
    IStateStore store,
    SandboxWorkspace workspace,
    SandboxQueries sandboxes,
    IOptions<SandboxOptions> sandboxOptions,
    TimeProvider timeProvider,
    ILogger<SandboxCommandHandler> logger) : IFunctionHandler
{
    private readonly SandboxWorkOptions _options = workspace.Options;

    public string FunctionName => KabinFunctions.Sandbox;

    public IReadOnlyCollection<string> EventTypes { get; } = [SandboxEventTypes.CommandRequested];

    public void Validate(CloudEvent cloudEvent) => _ = Read(cloudEvent);

    public async Task<HandlerResult> HandleAsync(CloudEvent cloudEvent, CancellationToken cancellationToken)
    {
        var request = Read(cloudEvent);
        cloudEvent.EnsureActsFor(request.Tenant, sandboxOptions.Value.RequireTenantAttribute);
        var (tenant, name) = (request.Tenant!, request.Name!);
        var steps = request.Step is null ? null : (await sandboxes.GetAsync(tenant, name, cancellationToken).ConfigureAwait(false))?.Commands;
        if (request.Step is { } step && (steps is null || step >= steps.Count))
        {
            return HandlerResult.ReplyWith(Completed(new SandboxCommandCompleted
            {
                Tenant = tenant, Name = name, Step = step, Error = $"Sandbox {tenant}/{name} has no command {step} in its request.",
            }, cloudEvent, cloudEvent.Time));
        }

        var command = steps?[request.Step!.Value] ?? request.ToCommand();
        var key = SandboxStateKeys.Commands(tenant, name);
        var cause = EventKey.Of(cloudEvent);
        var now = timeProvider.GetUtcNow();
        // The command was validated with its request (Read, or the sandbox request for a step).
        var lease = TimeSpan.FromSeconds((command.TimeoutSeconds ?? _options.DefaultTimeoutSeconds) + _options.KillGraceSeconds + 30);
        SandboxCommandLogEntry? earlier = null;
        var claimed = await ChangeLogAsync(key, log =>
        {
            earlier = log?.Find(cause);
            return earlier is { Answer: not null } || (earlier is not null && earlier.StartedAt + lease > now)
                ? null
                : (log ?? new SandboxCommandLog([])).With(new SandboxCommandLogEntry(cause, now));
        }, cancellationToken).ConfigureAwait(false);
        if (earlier is { Answer: { } answer, AnsweredAt: { } at })
        {
            // The same cause, type, subject, time and data: the same event as the first answer, id included.
            LogAnsweredAgain(tenant, name, cloudEvent.Id);
            return HandlerResult.ReplyWith(Completed(answer, cloudEvent, at), Next(answer, steps, cloudEvent, at));
        }

        if (!claimed)
        {
            throw new ConflictException($"Another delivery of {cloudEvent.Id} is running this command in sandbox {tenant}/{name}; retry once it has answered.");
        }

        SandboxCommandCompleted completed;
        try
        {
            completed = Bounded(tenant, name, await workspace.RunAsync(tenant, name, command, stream: null, cancellationToken).ConfigureAwait(false)) with { Step = request.Step };
        }
        catch (SandboxWorkRefusedException refused) when (refused.Refusal is SandboxWorkRefusal.UnknownSandbox or SandboxWorkRefusal.NotRunning)
        {
            completed = new SandboxCommandCompleted { Tenant = tenant, Name = name, Step = request.Step, Error = refused.Message };
        }
        catch
        {
            // Not run, or its end is unknown: free the claim so that Knative's retry runs it.
            await ChangeLogAsync(key, log => log?.Find(cause) is null ? null : log.Without(cause), CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        var answeredAt = timeProvider.GetUtcNow();
        await ChangeLogAsync(key, log => (log ?? new SandboxCommandLog([])).With(new SandboxCommandLogEntry(cause, now, answeredAt, completed)), cancellationToken)
            .ConfigureAwait(false);
        return HandlerResult.ReplyWith(Completed(completed, cloudEvent, answeredAt), Next(completed, steps, cloudEvent, answeredAt));
    }

    private Task<bool> ChangeLogAsync(string key, Func<SandboxCommandLog?, SandboxCommandLog?> change, CancellationToken cancellationToken) =>
        store.ChangeAsync(key, SandboxJsonContext.Default.SandboxCommandLog, change, sandboxOptions.Value.MaxConflictRetries,
            $"The command log {key} kept changing; the event will be retried.", cancellationToken);

    /// <summary>
    /// The event that runs the request's command number <paramref name="step"/> in the sandbox;
    /// its id follows from <paramref name="cause"/>, so a redelivered cause publishes the same event.
    /// </summary>
    public static CloudEvent StepEvent(string tenant, string name, int step, CloudEvent cause, DateTimeOffset? at) =>
        KabinCloudEvents.Create(KabinFunctions.Sandbox, SandboxEventTypes.CommandRequested, $"{tenant}/{name}",
            new SandboxCommandRequest { Tenant = tenant, Name = name, Step = step }, SandboxJsonContext.Default.SandboxCommandRequest, at, cause)
            .SetKabinTenant(tenant);

    /// <summary>The next of the request's commands, once this one exited 0.</summary>
    private static IReadOnlyList<CloudEvent> Next(SandboxCommandCompleted completed, IReadOnlyList<SandboxCommand>? steps, CloudEvent cause, DateTimeOffset at) =>
        completed is { Step: { } step, ExitCode: 0 } && steps is not null && step + 1 < steps.Count
            ? [StepEvent(completed.Tenant, completed.Name, step + 1, cause, at)]
            : [];

    private SandboxCommandRequest Read(CloudEvent cloudEvent)
    {
        var request = EventData.Read(cloudEvent, SandboxJsonContext.Default.SandboxCommandRequest);
        var errors = new List<FieldError>();
        if (string.IsNullOrEmpty(request.Tenant))
        {
            errors.Add(new FieldError("tenant", "names the tenant whose sandbox runs the command"));
        }

        if (string.IsNullOrEmpty(request.Name))
        {
            errors.Add(new FieldError("name", "names the sandbox that runs the command"));
        }

        if (errors.Count > 0)
        {
            throw new InvalidEventDataException("A command request names its tenant and sandbox.", errors);
        }

        if (request.Step is { } step)
        {
            return step >= 0 && request.Command is null
                ? request
                : throw InvalidEventDataException.ForField("step", "names one of the request's commands by its index (0 or more), without a command of its own");
        }

        _ = SandboxCommandLine.Build(request.ToCommand(), _options);
        return request;
    }

    private SandboxCommandCompleted Bounded(string tenant, string name, SandboxCommandResult result)
    {
        var (stdout, stdoutCut) = Cut(result.Stdout, _options.MaxEventOutputBytes);
        var (stderr, stderrCut) = Cut(result.Stderr, _options.MaxEventOutputBytes);
        return new SandboxCommandCompleted
        {
            Tenant = tenant,
            Name = name,
            ExitCode = result.ExitCode,
            Stdout = stdout,
            Stderr = stderr,
            Truncated = result.Truncated || stdoutCut || stderrCut,
            TimedOut = result.TimedOut,
            DurationMs = result.DurationMs,
        };
    }

    /// <summary>The first <paramref name="bytes"/> bytes of <paramref name="text"/> in UTF-8, never half a character.</summary>
    private static (string? Text, bool Cut) Cut(string? text, int bytes)
    {
        if (text is null || Encoding.UTF8.GetByteCount(text) <= bytes)
        {
            return (text, false);
        }

        var encoded = Encoding.UTF8.GetBytes(text);
        var end = bytes;
        while (end > 0 && (encoded[end] & 0xC0) == 0x80)
        {
            end--;
        }

        return (Encoding.UTF8.GetString(encoded, 0, end), true);
    }

    private static CloudEvent Completed(SandboxCommandCompleted data, CloudEvent cause, DateTimeOffset? at) =>
        KabinCloudEvents.Create(KabinFunctions.Sandbox, SandboxEventTypes.CommandCompleted, $"{data.Tenant}/{data.Name}",
            data, SandboxJsonContext.Default.SandboxCommandCompleted, at, cause).SetKabinTenant(data.Tenant);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sandbox {Tenant}/{Sandbox} answered command event {EventId} again from its log")]
    private partial void LogAnsweredAgain(string tenant, string sandbox, string? eventId);
}
