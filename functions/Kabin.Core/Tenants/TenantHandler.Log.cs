using Kabin.Cluster;
using Microsoft.Extensions.Logging;

namespace Kabin.Tenants;

/// <summary>The tenant function's log messages.</summary>
public sealed partial class TenantHandler
{
    [LoggerMessage(Level = LogLevel.Information,
        Message = "Provisioned tenant {Tenant} in {Namespace}: generation {Generation}, {ObjectCount} objects ({Mode})")]
    private partial void LogProvisioned(string tenant, string @namespace, long generation, int objectCount, ClusterMode mode);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rejected tenant {Tenant}: {ErrorCount} invalid fields")]
    private partial void LogRejected(string? tenant, int errorCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conflict applying {Object}, attempt {Attempt}")]
    private partial void LogApplyConflict(string @object, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed owner binding {Binding} of tenant {Tenant}")]
    private partial void LogPruned(string tenant, string binding);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Deprovisioned tenant {Tenant}: existed {Existed}, {SandboxCount} sandbox pods deleted")]
    private partial void LogDeprovisioned(string tenant, bool existed, int sandboxCount);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Tenant index changed under us writing {Tenant}, attempt {Attempt}")]
    private partial void LogIndexRetry(string tenant, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tenant {Tenant}: {EventType} of {At} is not later than the tenant's deletion at {DeletedAt}; refused")]
    private partial void LogStale(string tenant, string? eventType, DateTimeOffset at, DateTimeOffset deletedAt);
}
