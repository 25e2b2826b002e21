using Kabin.Quantities;
using Microsoft.Extensions.Options;

namespace Kabin.Tenants;

/// <summary>
/// Checks <see cref="TenantOptions"/> at start: the prefix and namespaces are names Kubernetes
/// accepts, every overhead and container default is a quantity, and the defaults on their own
/// make a valid tenant (checked by validating an empty spec, which takes every default).
/// </summary>
public sealed class TenantOptionsValidator : IValidateOptions<TenantOptions>
{
    private const string Section = "Kabin:Tenants";

    public ValidateOptionsResult Validate(string? name, TenantOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.NamespacePrefix.Length > 0 && !TenantSpecValidator.IsDnsLabel(options.NamespacePrefix + "x"))
        {
            failures.Add($"{Section}:NamespacePrefix '{options.NamespacePrefix}' must be lowercase letters, digits and '-', starting with a letter or digit.");
        }

        foreach (var (field, value) in new[]
        {
            ("KnativeServingNamespace", options.KnativeServingNamespace), ("IngressNamespace", options.IngressNamespace),
            ("DnsNamespace", options.DnsNamespace), ("MonitoringNamespace", options.MonitoringNamespace),
        })
        {
            if (!(field == "MonitoringNamespace" && value.Length == 0) && !TenantSpecValidator.IsDnsLabel(value))
            {
                failures.Add($"{Section}:{field} '{value}' is not a namespace name.");
            }
        }

        foreach (var cidr in options.ClusterCidrs.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!System.Net.IPNetwork.TryParse(cidr, out _))
            {
                failures.Add($"{Section}:ClusterCidrs entry '{cidr}' is not a CIDR such as 10.0.0.0/8.");
            }
        }

        if (options.RuntimeClassOverheads.Count == 0)
        {
            failures.Add($"{Section}:RuntimeClassOverheads must list at least one VM runtime class.");
        }

        foreach (var (runtimeClass, overhead) in options.RuntimeClassOverheads)
        {
            Quantity($"RuntimeClassOverheads:{runtimeClass}:Cpu", overhead.Cpu, failures);
            Quantity($"RuntimeClassOverheads:{runtimeClass}:Memory", overhead.Memory, failures);
        }

        var defaults = options.Defaults;
        Quantity("Defaults:ContainerCpu", defaults.ContainerCpu, failures);
        Quantity("Defaults:ContainerMemory", defaults.ContainerMemory, failures);
        Quantity("Defaults:ContainerRequestCpu", defaults.ContainerRequestCpu, failures);
        Quantity("Defaults:ContainerRequestMemory", defaults.ContainerRequestMemory, failures);
        Quantity("Defaults:ContainerEphemeralStorage", defaults.ContainerEphemeralStorage, failures);
        Quantity("Defaults:ContainerRequestEphemeralStorage", defaults.ContainerRequestEphemeralStorage, failures);
        if (options.SandboxExecClusterRole.Length > 0
            && !(options.SandboxServiceAccount.Split('/') is [var accountNamespace, var account]
                && TenantSpecValidator.IsDnsLabel(accountNamespace) && TenantSpecValidator.IsDnsLabel(account)))
        {
            failures.Add($"{Section}:SandboxServiceAccount '{options.SandboxServiceAccount}' must be namespace/name, such as kabin-system/kabin-sandbox.");
        }

        if (options.ConflictAttempts < 1)
        {
            failures.Add($"{Section}:ConflictAttempts must be at least 1.");
        }

        if (failures.Count == 0)
        {
            var check = TenantSpecValidator.Validate(new TenantSpec { Name = "defaults" }, options);
            failures.AddRange(check.Errors.Select(error => $"{Section}:Defaults gives an invalid {error.Field}: {error.Message}"));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Quantity(string field, string value, List<string> failures)
    {
        if (!ResourceQuantity.TryParse(value, out _))
        {
            failures.Add($"{Section}:{field} '{value}' is not a Kubernetes quantity (e.g. 250m, 160Mi).");
        }
    }
}
