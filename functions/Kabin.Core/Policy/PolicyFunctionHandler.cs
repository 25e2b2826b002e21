using System.Text.Json;
using System.Text.Json.Nodes;
using CloudNative.CloudEvents;
using Kabin.Events;
using Kabin.Telemetry;
using Kabin.Tenants;
using Microsoft.Extensions.Logging;

namespace Kabin.Policy;

/// <summary>
/// The policy function's CloudEvents: explicit check requests, answered with a verdict, and
/// ApiServerSource audits of what already runs, answered with a violation event when it fails.
/// </summary>
public sealed partial class PolicyFunctionHandler(
    IPolicyEngine engine, ITenantDirectory tenants, ILogger<PolicyFunctionHandler> logger, KabinMetrics? metrics = null) : IFunctionHandler
{
    private readonly KabinMetrics _metrics = metrics ?? KabinMetrics.Unobserved;

    public string FunctionName => KabinFunctions.Policy;

    public IReadOnlyCollection<string> EventTypes { get; } =
        [PolicyEventTypes.CheckRequested, PolicyEventTypes.ResourceAdded, PolicyEventTypes.ResourceUpdated];

    public Task<HandlerResult> HandleAsync(CloudEvent cloudEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        return cloudEvent.Type switch
        {
            PolicyEventTypes.CheckRequested => CheckAsync(cloudEvent, cancellationToken),
            PolicyEventTypes.ResourceAdded or PolicyEventTypes.ResourceUpdated => AuditAsync(cloudEvent, cancellationToken),
            _ => throw new UnhandledEventTypeException(cloudEvent.Type ?? "(none)"),
        };
    }

    public void Validate(CloudEvent cloudEvent)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        if (cloudEvent.Type == PolicyEventTypes.CheckRequested)
        {
            _ = ReadCheck(cloudEvent);
        }
    }

    private static (JsonObject Workload, JsonNode? Tenant) ReadCheck(CloudEvent cloudEvent)
    {
        var data = ReadObject(cloudEvent, "the event data must be a JSON object { \"tenant\"?: string, \"object\": {...} }.");
        if (JsonNav.Object(data, "object") is not { } workload)
        {
            throw InvalidEventDataException.ForField("object", "must be the Kubernetes object to check (a JSON object).");
        }

        if (data.TryGetPropertyValue("tenant", out var tenantNode) && tenantNode is not null && JsonNav.AsString(tenantNode) is null)
        {
            throw InvalidEventDataException.ForField("tenant", "must be the tenant's name as a string.");
        }

        return (workload, tenantNode);
    }

    private async Task<HandlerResult> CheckAsync(CloudEvent cloudEvent, CancellationToken cancellationToken)
    {
        var (workload, tenantNode) = ReadCheck(cloudEvent);
        var (apiVersion, kind) = (JsonNav.String(workload, "apiVersion"), JsonNav.String(workload, "kind"));
        var service = kind == "Service" && apiVersion == "v1";
        PolicyCheckResult result;
        if (kind is not null && !service && !PodTemplateLocator.IsChecked(apiVersion, kind))
        {
            // The whole output of kubectl kustomize may be checked: what has no pod is listed, not refused.
            var named = await FindTenantAsync(JsonNav.AsString(tenantNode), workload, cancellationToken).ConfigureAwait(false);
            if (named is not null)
            {
                cloudEvent.EnsureActsFor(named.Name, required: false);
            }

            result = new PolicyCheckResult(true, [], [], named?.Name, Checked: false,
                NotChecked: $"{kind} ({apiVersion}) runs no pod: not checked. Kabin judges {PodTemplateLocator.SupportedKinds}, and v1 Services.");
        }
        else
        {
            var tenant = await ResolveTenantAsync(JsonNav.AsString(tenantNode), workload, cancellationToken).ConfigureAwait(false);
            cloudEvent.EnsureActsFor(tenant.Name, required: false);
            var verdict = service ? PolicyEngine.CheckService(workload, tenant) : engine.Check(workload, tenant);
            _metrics.ViolationsFound(verdict.Violations, "check");
            result = new PolicyCheckResult(verdict.Allowed, verdict.Violations, verdict.Warnings, tenant.Name);
        }

        return HandlerResult.ReplyWith(KabinCloudEvents.Create(
            FunctionName, PolicyEventTypes.Checked, SubjectOf(workload), result, PolicyJsonContext.Default.PolicyCheckResult,
            cloudEvent.Time, cloudEvent));
    }

    private async Task<HandlerResult> AuditAsync(CloudEvent cloudEvent, CancellationToken cancellationToken)
    {
        var workload = ReadObject(cloudEvent, "ApiServerSource data must be the whole Kubernetes object (mode Resource).");
        var metadata = JsonNav.Object(workload, "metadata");
        if (JsonNav.String(workload, "kind") is { } kind && !PodTemplateLocator.IsChecked(JsonNav.String(workload, "apiVersion"), kind))
        {
            // An ApiServerSource may also send kinds without a pod (a SandboxClaim the sandbox function follows): nothing to audit.
            return HandlerResult.Nothing;
        }

        if (JsonNav.String(metadata, "namespace") is not { Length: > 0 } ns
            || await tenants.FindByNamespaceAsync(ns, cancellationToken).ConfigureAwait(false) is not { } tenant)
        {
            return HandlerResult.Nothing;
        }

        var verdict = engine.Check(workload, tenant);
        _metrics.ViolationsFound(verdict.Violations, "audit");
        if (verdict.Allowed)
        {
            return HandlerResult.Nothing;
        }

        LogViolation(logger, SubjectOf(workload), tenant.Name, verdict.Violations.Count);
        var report = new PolicyViolationReport(
            tenant.Name, JsonNav.String(workload, "apiVersion"), JsonNav.String(workload, "kind"), ns,
            JsonNav.String(metadata, "name"), verdict.Violations, verdict.Warnings);
        return HandlerResult.ReplyWith(KabinCloudEvents.Create(
            FunctionName, PolicyEventTypes.Violation, SubjectOf(workload), report, PolicyJsonContext.Default.PolicyViolationReport,
            cloudEvent.Time, cloudEvent));
    }

    /// <summary>The tenant the request names (which must exist), else the one owning the object's namespace, else null.</summary>
    private async Task<TenantRecord?> FindTenantAsync(string? name, JsonObject workload, CancellationToken cancellationToken) =>
        !string.IsNullOrEmpty(name)
            ? await ResolveTenantAsync(name, workload, cancellationToken).ConfigureAwait(false)
            : JsonNav.String(JsonNav.Object(workload, "metadata"), "namespace") is { Length: > 0 } ns
                ? await tenants.FindByNamespaceAsync(ns, cancellationToken).ConfigureAwait(false)
                : null;

    private async Task<TenantRecord> ResolveTenantAsync(string? name, JsonObject workload, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(name))
        {
            return await tenants.FindByNameAsync(name, cancellationToken).ConfigureAwait(false)
                ?? throw InvalidEventDataException.ForField("tenant", $"no tenant '{name}' exists. Name a provisioned tenant.");
        }

        var ns = JsonNav.String(JsonNav.Object(workload, "metadata"), "namespace");
        if (string.IsNullOrEmpty(ns))
        {
            throw InvalidEventDataException.ForField("tenant", "name the tenant, or set object.metadata.namespace to one of its namespaces.");
        }

        return await tenants.FindByNamespaceAsync(ns, cancellationToken).ConfigureAwait(false)
            ?? throw InvalidEventDataException.ForField("tenant", $"namespace '{ns}' belongs to no tenant. Name the tenant to check against.");
    }

    private static JsonObject ReadObject(CloudEvent cloudEvent, string expectation)
    {
        try
        {
            return JsonNode.Parse(EventData.Utf8(cloudEvent).Span) as JsonObject
                ?? throw InvalidEventDataException.ForField("$", expectation);
        }
        catch (JsonException e)
        {
            throw InvalidEventDataException.ForField("$", $"{expectation} It is not valid JSON: {JsonErrorText.Describe(e)}");
        }
    }

    private static string SubjectOf(JsonObject workload)
    {
        var metadata = JsonNav.Object(workload, "metadata");
        return $"{JsonNav.String(metadata, "namespace")}/{JsonNav.String(metadata, "name")}";
    }

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Audit found {Count} violations in {Subject} of tenant {Tenant}")]
    private static partial void LogViolation(ILogger logger, string subject, string tenant, int count);
}
