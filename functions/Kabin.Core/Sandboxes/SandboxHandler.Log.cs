using Microsoft.Extensions.Logging;

namespace Kabin.Sandboxes;

public sealed partial class SandboxHandler
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Sandbox {Tenant}/{Sandbox} moved from {From} to {To}")]
    private partial void LogTransition(string tenant, string sandbox, SandboxState from, SandboxState to);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sandbox {Tenant}/{Sandbox} rejected by {Rules}")]
    private partial void LogRejected(string tenant, string sandbox, string rules);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sandbox {Tenant}/{Sandbox} ignored {EventType} in state {State}")]
    private partial void LogIgnored(string tenant, string sandbox, string? eventType, SandboxState? state);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sandbox {Tenant}/{Sandbox} got {EventType} again and answers {Answer} again")]
    private partial void LogAnsweredAgain(string tenant, string sandbox, string? eventType, string answer);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reaping sandbox {Tenant}/{Sandbox} failed; the next tick retries it")]
    private partial void LogReapFailed(Exception exception, string tenant, string sandbox);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tick left {Count} sandboxes for the next tick after failures; every other tenant was reaped")]
    private partial void LogReapFailures(int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Tick expired sandboxes in MaxTenantsPerTick tenants and left {Count} due tenants for the next minute")]
    private partial void LogDeferred(int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Tick expired {Count} sandboxes")]
    private partial void LogExpired(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Warm pool {Tenant}/{Pool} could not start a member after a claim; the next tick's upkeep retries")]
    private partial void LogRefillFailed(string tenant, string pool, Exception exception);
}
